import type { CheckResult, ProbeReport } from '../../probes/probe-report.js';
import type { SystemSnapshot } from '../../system/system-sampler.js';
import { historyJson } from './history-json.js';
import { shownReason } from './json.format.js';
import type { BodyContext } from './wire-format.js';

type DraftStatus = 'pass' | 'warn' | 'fail';

function draftStatus(result: CheckResult): DraftStatus {
  return !result.passes ? 'fail' : result.state !== 'healthy' ? 'warn' : 'pass';
}

/** draft-inadarei-api-health-check: `pass`/`warn`/`fail`, checks keyed `name:responseTime`. */
export function healthJsonBody(report: ProbeReport, context: BodyContext): Record<string, unknown> {
  const now = new Date().toISOString();
  const checks: Record<string, unknown[]> = {};
  let warn = false;
  for (const result of report.checks ?? []) {
    const status = draftStatus(result);
    if (status === 'warn') warn = true;
    const item: Record<string, unknown> = {
      componentId: result.name,
      componentType: 'component',
      observedValue: result.latencyMs,
      observedUnit: 'ms',
      status,
      time: result.cached !== undefined ? new Date(result.finishedAt).toISOString() : now,
    };
    const output = shownReason(result);
    if (status !== 'pass' && output !== undefined) item.output = output;
    if (result.history !== undefined) item.history = historyJson(result.history);
    checks[`${result.name}:responseTime`] = [item];
  }
  if (report.system) addSystemReadings(checks, report.system, now);
  const body: Record<string, unknown> = { status: !report.ok ? 'fail' : warn ? 'warn' : 'pass' };
  if (context.version !== undefined) body.version = context.version;
  body.description = `${report.probe} probe: ${report.status}`;
  if (!report.ok) body.output = report.status;
  if (report.checks || report.system) body.checks = checks;
  return body;
}

/** The deep view's `system` figures as the draft's `cpu:utilization`-style system readings. */
function addSystemReadings(checks: Record<string, unknown[]>, system: SystemSnapshot, time: string): void {
  const reading = (componentId: string, observedValue: number) => [
    { componentId, componentType: 'system', observedValue, observedUnit: 'percent', status: 'pass', time },
  ];
  checks['cpu:utilization'] = reading('cpu', system.cpu_percent);
  checks['memory:utilization'] = reading('memory', system.memory_percent);
  if (system.disk_percent !== null) checks['disk:utilization'] = reading('disk', system.disk_percent);
}
