import type { BenchReport } from './run.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** The results as Markdown, ready to paste into bench/README.md (and the README's one table). */
export function markdownReport(report: BenchReport): string {
  const { meta, throughput, storm, discovery, soak, blockedLoop, targets } = report;
  const lines = [
    `${meta.mode === 'smoke' ? 'SMOKE RUN (tiny durations, numbers not meaningful). ' : ''}` +
      `${meta.cpuModel} × ${meta.cpus}, Node ${meta.node}, load average ${meta.loadAverage.before.join(' / ')} before, ` +
      `${meta.loadAverage.after.join(' / ')} after; ${throughput.rounds} interleaved rounds × ${throughput.roundSeconds} s, ` +
      `${throughput.connections} connections, medians; ` +
      `${throughput.pinned ? 'servers on core 1, the load generator on core 0' : 'processes not pinned to cores'}.`,
    '',
    '| | route | req/s | p50 ms | p99 ms | × bare Nest | server CPU µs/req | body bytes |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...throughput.rows.map(
      (row) =>
        `| ${row.id} | ${row.label} | ${integer.format(row.requestsPerSecond)} | ${fixed(row.p50Ms, 2)} | ${fixed(row.p99Ms, 2)} | ` +
        `${fixed(row.ratioToBaseline, 2)} | ${fixed(row.serverCpuUsPerRequest, 1)} | ${row.bodyBytes} |`,
    ),
    '',
    `Probe storm (${storm.requests} concurrent /health/ready, check of ${storm.checkMs} ms, ttl ${storm.ttlMs} ms): ` +
      storm.windows.map((window, i) => `window ${i + 1}: ${window.executions} run(s), ${window.ok}/${window.requests} answered 200 in ${window.wallMs} ms`).join('; ') +
      `. terminus: ${storm.terminusPerRequest.executions} runs per request, ${storm.terminusCacheFor.executions} with cacheFor.`,
    '',
    `Discovery: ${discovery.providers} providers × ${discovery.methodsPerProvider} methods, ${discovery.decorated} decorated ` +
      `(${discovery.checksFound} checks found): boot ${discovery.medianWithoutMs} ms without HealthModule, ` +
      `${discovery.medianWithMs} ms with, ${discovery.addedMs} ms added (medians of ${discovery.rounds}).`,
    '',
    `Soak (${soak.path}): ` +
      soak.readings.map((reading) => `${integer.format(reading.probes)} probes: heap ${reading.heapUsedMb} MB, RSS ${reading.rssMb} MB`).join('; ') +
      `; heap growth ${soak.heapGrowthMb} MB, RSS growth ${soak.rssGrowthMb} MB.`,
    '',
    `Liveness while the main loop is blocked (${blockedLoop.blocks} × ${blockedLoop.blockMs} ms, a probe every ${blockedLoop.everyMs} ms on a fresh connection):`,
    '',
    '| | liveness served by | answered | within 1 s | p50 ms | p99 ms | max ms | p99 ms after 2 ticks |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...blockedLoop.rows.map(
      (row) =>
        `| ${row.id} | ${row.label} | ${row.answered}/${row.probes} | ${row.withinKubeletTimeout} | ${fixed(row.p50Ms, 1)} | ${fixed(row.p99Ms, 1)} | ` +
        `${fixed(row.maxMs, 1)} | ${fixed(row.p99AfterTwoTicksMs, 1)} |`,
    ),
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets.map((verdict) => `| ${verdict.target} | ${verdict.measured} | ${verdict.pass ? 'met' : 'MISSED'} |`),
  ];
  return lines.join('\n');
}
