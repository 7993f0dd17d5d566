import type { BenchReport } from './run.js';

/** What a smoke run must show: every part ran and produced real numbers. It judges no target. */
export function smokeProblems(report: BenchReport): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  for (const row of report.throughput.rows) {
    expect(row.rounds.length === report.throughput.rounds, `row ${row.id}: ${row.rounds.length} rounds`);
    expect(row.requestsPerSecond > 0 && Number.isFinite(row.p99Ms) && row.p99Ms > 0, `row ${row.id}: no throughput numbers`);
    expect(Number.isFinite(row.ratioToBaseline) && row.ratioToBaseline > 0, `row ${row.id}: no ratio to the baseline`);
    expect(row.bodyBytes > 0, `row ${row.id}: empty body`);
    expect(row.serverCpuUsPerRequest > 0, `row ${row.id}: no server CPU figure`);
    for (const round of row.rounds) expect(round.non2xx === 0 && round.errors === 0, `row ${row.id}: non-2xx answers or errors`);
  }
  const { storm, discovery, soak } = report;
  for (const window of storm.windows) {
    expect(window.ok === window.requests, `storm: ${window.ok}/${window.requests} answered 200`);
    expect(Number.isInteger(window.executions) && window.executions >= 1, `storm: ${window.executions} executions`);
  }
  expect(storm.terminusPerRequest.executions > 0, 'storm: terminus per-request count missing');
  expect(discovery.checksFound === discovery.decorated, `discovery: found ${discovery.checksFound} of ${discovery.decorated} checks`);
  expect(discovery.medianWithMs > 0 && discovery.medianWithoutMs > 0, 'discovery: no boot times');
  expect(soak.readings.length >= 2 && soak.readings.every((reading) => reading.heapUsedMb > 0 && reading.rssMb > 0), 'soak: no memory readings');
  expect(Number.isFinite(soak.heapGrowthMb) && soak.non2xx === 0, 'soak: no growth figure or failed probes');
  for (const row of report.blockedLoop.rows) {
    expect(row.probes > 0 && Number.isFinite(row.p50Ms) && Number.isFinite(row.maxMs), `blocked loop ${row.id}: no latency figures`);
  }
  expect(report.targets.length > 0, 'no targets judged');
  return problems;
}
