import { round1 } from '../round.js';
import { checkMessages } from './check.messages.js';
import { clipText, describeThrown, toSafeJson } from './safe-json.js';
import type { CheckOutcome, CheckState, ReasonSource } from './check.types.js';

const RESERVED_KEYS = new Set(['healthy', 'degraded', 'message', 'error', 'latency_ms', 'checked_at', 'cached', 'failing']);

/** ms since a `performance.now()` reading, at the 0.1 ms resolution every entry carries. */
export function latencySince(startedAt: number): number {
  return round1(performance.now() - startedAt);
}

/** Turns whatever a check resolved to into an outcome, following the design's normalisation rules. */
export function outcomeFromValue(value: unknown, latencyMs: number, finishedAt: number): CheckOutcome {
  if (value === undefined || value === true || value === null) {
    return { state: 'healthy', latencyMs, finishedAt };
  }
  if (value === false) {
    return { state: 'failed', reason: checkMessages.returnedFalse(), reasonSource: 'returned', latencyMs, finishedAt };
  }
  // an Error handed back instead of thrown is a failure all the same, and its text may hold internals
  if (value instanceof Error) return outcomeFromThrown(value, latencyMs, finishedAt);
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { state: 'healthy', details: { value: toSafeJson(value) }, latencyMs, finishedAt };
  }
  const returned = value as Record<string, unknown>;
  const state: CheckState = returned.healthy === false ? 'failed' : returned.degraded === true ? 'degraded' : 'healthy';
  const text = returned.error ?? returned.message;
  const reason = text === undefined ? undefined : typeof text === 'string' ? clipText(text) : describeThrown(text);
  return {
    state,
    reason: state === 'failed' ? (reason ?? checkMessages.returnedFalse()) : reason,
    reasonSource: 'returned',
    details: detailsOf(returned),
    latencyMs,
    finishedAt,
  };
}

export function failedOutcome(reason: string, reasonSource: ReasonSource, latencyMs: number, finishedAt: number): CheckOutcome {
  return { state: 'failed', reason, reasonSource, latencyMs, finishedAt };
}

export function outcomeFromThrown(thrown: unknown, latencyMs: number, finishedAt: number): CheckOutcome {
  return failedOutcome(describeThrown(thrown), 'thrown', latencyMs, finishedAt);
}

function detailsOf(returned: Record<string, unknown>): Record<string, unknown> | undefined {
  let details: Record<string, unknown> | undefined;
  const safe = toSafeJson(returned) as Record<string, unknown>;
  for (const key of Object.keys(safe)) {
    if (RESERVED_KEYS.has(key)) continue;
    details ??= {};
    Object.defineProperty(details, key, { value: safe[key], enumerable: true, writable: true, configurable: true });
  }
  return details;
}
