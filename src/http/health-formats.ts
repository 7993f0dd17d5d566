import type { CheckEntry } from '../probes/check-entry.js';
import type { ProbeReport } from '../probes/probe-report.js';

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
  if (accept !== undefined && accept.includes(HEALTH_JSON)) return 'health+json';
  return 'json';
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
  const body: Record<string, unknown> = { status: !report.ok ? 'fail' : warn ? 'warn' : 'pass' };
  if (context.version !== undefined) body.version = context.version;
  body.description = `${report.probe} probe: ${report.status}`;
  if (!report.ok) body.output = report.status;
  if (report.checks) body.checks = checks;
  return body;
}

const PROBE_NAMES = { live: 'livez', ready: 'readyz', startup: 'startupz', deep: 'deep' } as const;

/** kube-apiserver style: `[+]name ok`, `[-]name failed: reason`, then whether the probe passed. */
export function verboseText(report: ProbeReport): string {
  const failed = new Set(report.failed);
  let text = '';
  for (const [name, entry] of Object.entries(report.checks ?? {})) {
    if (failed.has(name)) {
      const reason = entry.error ?? entry.message;
      text += `[-]${name} failed${typeof reason === 'string' ? `: ${reason}` : ''}\n`;
    } else {
      text += `[+]${name} ok\n`;
    }
  }
  return `${text}${PROBE_NAMES[report.probe]} check ${report.ok ? 'passed' : `failed (${report.status})`}\n`;
}
