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
