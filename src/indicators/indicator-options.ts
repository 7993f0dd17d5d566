import { indicatorMessages } from './indicator.messages.js';

/** Validates an optional numeric threshold, naming the indicator and the option on error. */
export function optionalThreshold(indicator: string, option: string, value: unknown, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    const rule = max === Infinity ? 'must be a non-negative number' : `must be a number from 0 to ${max}`;
    throw new Error(indicatorMessages.invalidIndicatorOption(indicator, option, rule, value));
  }
  return value;
}

/** Validates a duration in ms that must be positive when given. */
export function optionalPositiveMs(indicator: string, option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(indicatorMessages.invalidIndicatorOption(indicator, option, 'must be a positive number of ms', value));
  }
  return value;
}

/**
 * Refuses an options argument that is not a plain object or carries a key the indicator does not know:
 * a misspelt threshold would otherwise be ignored without a word.
 */
export function refuseUnknownKeys(indicator: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(indicatorMessages.invalidIndicatorOption(indicator, 'options', 'must be an object', options));
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(indicatorMessages.unknownIndicatorOption(indicator, key, known));
  }
}
