import { describeValue } from './check-contract.js';

const EXAMPLE = "fromTerminus(() => this.db.pingCheck('database'), ctx)";

/** Messages of the terminus adapter: misuse is named with the fix, indicator reports become failure reasons. */
export const terminusMessages = {
  notACall: (value: unknown) =>
    `fromTerminus: the first argument must be a terminus indicator call, as in ${EXAMPLE}; got ${describeValue(value)}`,
  notOptions: (value: unknown) =>
    `fromTerminus: the second argument must be the check's ctx or { signal }, as in ${EXAMPLE}; got ${describeValue(value)}`,
  unknownOption: (key: string) =>
    `fromTerminus: unknown option "${key}"; pass the check's ctx or { signal }`,
  notASignal: (value: unknown) =>
    `fromTerminus: signal must be an AbortSignal (the check's ctx.signal), got ${describeValue(value)}`,
  notAResult: (value: unknown) =>
    `fromTerminus: the indicator call gave ${describeValue(value)}, not a terminus result { key: { status: 'up' | 'degraded' | 'down', ... } }; return the indicator's result, as in ${EXAMPLE}`,
  unknownStatus: (key: string, status: unknown) =>
    `terminus indicator "${key}" reported status ${describeValue(status)}, which is none of up, degraded, down`,
  down: (key: string) => `terminus indicator "${key}" is down`,
  withDetails: (reason: string, details: string) => `${reason} (${details})`,
};
