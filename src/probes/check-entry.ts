import type { CheckDefinition, CheckOutcome } from '../checks/check.types.js';
import { WITHHELD_REASON } from '../health.constants.js';

/** One check in a probe body: `{ healthy, degraded?, message? | error?, latency_ms, ...details }`. */
export type CheckEntry = Record<string, unknown> & { healthy: boolean; latency_ms: number };

export interface EntryOptions {
  /** show reasons that came from a throw, rejection or timeout (deep view, or `exposeErrors`) */
  readonly revealReasons: boolean;
  /** deep view: add `checked_at` and `cached` */
  readonly deep?: { readonly cached: boolean };
}

/**
 * The design's entry shape: a failed critical check is `{ healthy: false, error }`, a failed non-critical one
 * `{ healthy: true, degraded: true, message }`; thrown reasons are withheld unless revealed.
 */
export function checkEntry(definition: CheckDefinition, outcome: CheckOutcome, options: EntryOptions): CheckEntry {
  const failed = outcome.state === 'failed';
  const hardFailure = failed && definition.critical;
  const entry: CheckEntry = { healthy: !hardFailure, latency_ms: outcome.latencyMs };
  if (!hardFailure && outcome.state !== 'healthy') entry.degraded = true;
  if (outcome.reason !== undefined) {
    // only what a dependency threw or timed out on may leak internals; "no result yet" and "stale" are ours
    const withheld = !options.revealReasons && (outcome.reasonSource === 'thrown' || outcome.reasonSource === 'timeout');
    entry[hardFailure ? 'error' : 'message'] = withheld ? WITHHELD_REASON : outcome.reason;
  }
  if (outcome.failing !== undefined) entry.failing = outcome.failing;
  if (options.deep) {
    entry.checked_at = new Date(outcome.finishedAt).toISOString();
    entry.cached = options.deep.cached;
  }
  if (outcome.details) Object.assign(entry, outcome.details);
  return entry;
}

/** Whether the check lets its probe pass: only a failed critical check fails a probe. */
export function passes(definition: CheckDefinition, outcome: CheckOutcome): boolean {
  return outcome.state !== 'failed' || !definition.critical;
}
