/** Builds the error for a broken rule: the caller names the place, the option and the value. */
export type RuleFailure = (rule: string) => Error;

/** Node's timers fire at once (after a warning) beyond this delay, so a longer timeout would mean none. */
export const MAX_TIMER_MS = 2_147_483_647;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A duration that is only compared with clocks (a ttl): any non-negative number of ms. */
export function requireDuration(value: unknown, fail: RuleFailure): asserts value is number {
  if (!isNonNegativeNumber(value)) throw fail('must be a non-negative number of ms');
}

/** A duration a timer waits for: non-negative and within what a Node.js timer supports. */
export function requireTimerDuration(value: unknown, fail: RuleFailure): asserts value is number {
  requireDuration(value, fail);
  if (value > MAX_TIMER_MS) throw fail(`must be at most ${MAX_TIMER_MS} ms (the longest delay a Node.js timer supports)`);
}

/** A timer duration that must also be above zero (a timeout, an interval). */
export function requirePositiveTimerDuration(value: unknown, fail: RuleFailure): asserts value is number {
  if (!isNonNegativeNumber(value) || value === 0) throw fail('must be a positive number of ms');
  requireTimerDuration(value, fail);
}

export function requireBoolean(value: unknown, fail: RuleFailure): asserts value is boolean {
  if (typeof value !== 'boolean') throw fail('must be a boolean');
}

/** The first key of `given` that is not in `known`, if any. */
export function unknownKey(given: object, known: ReadonlySet<string>): string | undefined {
  return Object.keys(given).find((key) => !known.has(key));
}
