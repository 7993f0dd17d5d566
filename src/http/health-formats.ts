import type { CheckEntry } from '../probes/check-entry.js';
import type { ProbeReport } from '../probes/probe-report.js';
import type { SystemSnapshot } from '../probes/system-sampler.js';

export const HEALTH_JSON = 'application/health+json';
export type HealthFormat = 'json' | 'health+json' | 'verbose';

export interface BodyContext {
  readonly version?: string;
  readonly uptimeSeconds: number;
}

export interface FormattedBody {
  readonly contentType: string;
  readonly body: string;
}

/** `?verbose` wins; only an explicit `Accept: application/health+json` switches to the IETF draft; else JSON. */
export function chooseFormat(verbose: boolean, accept: string | undefined): HealthFormat {
  if (verbose) return 'verbose';
  // the kubelet's `*/*` is shorter than the media type: no regex on the hot path
  if (accept !== undefined && accept.length >= HEALTH_JSON.length && HEALTH_JSON_PATTERN.test(accept) && prefersHealthJson(accept)) {
    return 'health+json';
  }
  return 'json';
}

const HEALTH_JSON_PATTERN = /application\/health\+json/i;

/** Honours q-values: `application/health+json;q=0` refuses it, a higher-q `application/json` outranks it. */
function prefersHealthJson(accept: string): boolean {
  let healthQ = 0;
  let jsonQ = -1;
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (type === HEALTH_JSON) healthQ = Math.max(healthQ, weight);
    else if (type === 'application/json') jsonQ = Math.max(jsonQ, weight);
  }
  return healthQ > 0 && healthQ >= jsonQ;
}

export function formatReport(format: HealthFormat, report: ProbeReport, context: BodyContext): FormattedBody {
  switch (format) {
    case 'verbose':
      return { contentType: 'text/plain; charset=utf-8', body: verboseText(report) };
    case 'health+json':
      return { contentType: `${HEALTH_JSON}; charset=utf-8`, body: JSON.stringify(healthJson(report, context)) };
    default:
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(defaultBody(report, context)) };
  }
}

/** The seed's shape, one for every route: `{ status, version?, uptime_seconds, checks?, system? }`. */
export function defaultBody(report: ProbeReport, context: BodyContext): Record<string, unknown> {
  const body: Record<string, unknown> = { status: report.status };
  if (context.version !== undefined) body.version = context.version;
  body.uptime_seconds = context.uptimeSeconds;
  if (report.checks) body.checks = report.checks;
  if (report.system) body.system = report.system;
  return body;
}

type DraftStatus = 'pass' | 'warn' | 'fail';

function entryStatus(entry: CheckEntry): DraftStatus {
  return !entry.healthy ? 'fail' : entry.degraded === true ? 'warn' : 'pass';
}

/** draft-inadarei-api-health-check: `pass`/`warn`/`fail`, checks keyed `name:responseTime`. */
export function healthJson(report: ProbeReport, context: BodyContext): Record<string, unknown> {
  const now = new Date().toISOString();
  const checks: Record<string, unknown[]> = {};
  let warn = false;
  for (const [name, entry] of Object.entries(report.checks ?? {})) {
    const status = entryStatus(entry);
    if (status === 'warn') warn = true;
    const item: Record<string, unknown> = {
      componentId: name,
      componentType: 'component',
      observedValue: entry.latency_ms,
      observedUnit: 'ms',
      status,
      time: typeof entry.checked_at === 'string' ? entry.checked_at : now,
    };
    const output = entry.error ?? entry.message;
    if (status !== 'pass' && typeof output === 'string') item.output = output;
    checks[`${name}:responseTime`] = [item];
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

const PROBE_NAMES = { live: 'livez', ready: 'readyz', startup: 'startupz', deep: 'deep' } as const;

/** kube-apiserver style: `[+]name ok`, `[-]name failed: reason`, then whether the probe passed. */
export function verboseText(report: ProbeReport): string {
  const failed = new Set(report.failed);
  let text = '';
  for (const [name, entry] of Object.entries(report.checks ?? {})) {
    if (failed.has(name)) {
      const reason = entry.error ?? entry.message;
      // one line per check, whatever the reason contains
      text += `[-]${name} failed${typeof reason === 'string' ? `: ${reason.replace(/\s*[\r\n]+\s*/g, ' ')}` : ''}\n`;
    } else {
      text += `[+]${name} ok\n`;
    }
  }
  return `${text}${PROBE_NAMES[report.probe]} check ${report.ok ? 'passed' : `failed (${report.status})`}\n`;
}
