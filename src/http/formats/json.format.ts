import type { CheckResult, ProbeReport } from '../../probes/probe-report.js';
import { historyJson } from './history-json.js';
import type { BodyContext } from './wire-format.js';

/** What a public route shows instead of a reason that came from a throw, a rejection or a timeout. */
export const WITHHELD_REASON = 'reason withheld';

/** One check in a JSON body: `{ healthy, degraded?, error? | message?, failing?, latency_ms, checked_at?, cached?, ...details }`. */
export type JsonCheckEntry = Record<string, unknown> & { healthy: boolean; latency_ms: number };

/** The reason as this body may show it, or undefined when there is none. */
export function shownReason(result: CheckResult): string | undefined {
  if (result.reason === undefined) return undefined;
  return result.reasonShown ? result.reason : WITHHELD_REASON;
}

/**
 * The design's entry: a failed critical check is `{ healthy: false, error }`, a failed non-critical one
 * `{ healthy: true, degraded: true, message }`; details the check returned are added as further keys.
 */
export function jsonCheckEntry(result: CheckResult): JsonCheckEntry {
  const hardFailure = !result.passes;
  const entry: JsonCheckEntry = { healthy: !hardFailure, latency_ms: result.latencyMs };
  if (!hardFailure && result.state !== 'healthy') entry.degraded = true;
  const reason = shownReason(result);
  if (reason !== undefined) entry[hardFailure ? 'error' : 'message'] = reason;
  if (result.failing !== undefined) entry.failing = result.failing;
  if (result.cached !== undefined) {
    entry.checked_at = new Date(result.finishedAt).toISOString();
    entry.cached = result.cached;
  }
  if (result.details) {
    // defined, not assigned: a detail named "__proto__" stays a key of the body
    for (const key of Object.keys(result.details)) {
      Object.defineProperty(entry, key, { value: result.details[key], enumerable: true, writable: true, configurable: true });
    }
  }
  // last: on the `?history` view the module's history wins over a detail of the same name
  if (result.history !== undefined) entry.history = historyJson(result.history);
  return entry;
}

/** The seed's shape, one for every route: `{ status, version?, uptime_seconds, checks?, system? }`. */
export function jsonBody(report: ProbeReport, context: BodyContext): Record<string, unknown> {
  const body: Record<string, unknown> = { status: report.status };
  if (context.version !== undefined) body.version = context.version;
  body.uptime_seconds = context.uptimeSeconds;
  if (report.checks) {
    const checks: Record<string, JsonCheckEntry> = {};
    for (const result of report.checks) checks[result.name] = jsonCheckEntry(result);
    body.checks = checks;
  }
  if (report.system) body.system = report.system;
  return body;
}
