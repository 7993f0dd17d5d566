// Everything this subpath needs from the core, in one place: the shapes a check receives and returns.
import type { HealthCheckContext } from '../checks/check.types.js';

export type { HealthCheckDetails } from '../checks/check.types.js';
export { toSafeJson } from '../checks/safe-json.js';
export { describeValue } from '../describe-value.js';

/**
 * Keys the core reads from a returned object as state or reason, or writes into every entry itself: a terminus
 * detail of that name would change the check's state or vanish, so it is carried under another name.
 */
export const CORE_ENTRY_KEYS: ReadonlySet<string> = new Set([
  'healthy',
  'degraded',
  'error',
  'latency_ms',
  'checked_at',
  'cached',
  'failing',
]);

/** The keys of the check's `ctx`, which `fromTerminus(call, ctx)` takes as its options; the type keeps the list whole. */
export const CONTEXT_KEYS: ReadonlySet<string> = new Set(Object.keys({ probe: true, signal: true } satisfies Record<keyof HealthCheckContext, true>));
