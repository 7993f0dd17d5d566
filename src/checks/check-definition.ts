import { checkMessages } from './check.messages.js';
import type { HealthCheckDefaults } from './check-defaults.js';
import { PROBES, type HealthCheckFunction, type HealthCheckOptions, type Probe } from './check.types.js';
import {
  isPlainObject,
  requireBoolean,
  requireDuration,
  requirePositiveTimerDuration,
  unknownKey,
  type RuleFailure,
} from './option-rules.js';

/** A check as the runner knows it: options resolved, place recorded for messages. */
export interface CheckDefinition {
  readonly name: string;
  /** `Class.method` or `HealthRegistry.register("name")` */
  readonly place: string;
  readonly run: HealthCheckFunction;
  readonly critical: boolean;
  readonly ttl: number;
  readonly timeout: number;
  readonly interval?: number;
  readonly failAfter: number;
  readonly probes: readonly Probe[];
}

const CHECK_OPTION_KEYS: ReadonlySet<string> = new Set(['name', 'critical', 'ttl', 'timeout', 'interval', 'failAfter', 'probes']);
// a key JSON bodies cannot carry as a plain own property
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__']);

/** Validates a check's options against the rules and defaults, naming the place and the fix on error. */
export function defineCheck(
  place: string,
  defaultName: string,
  run: HealthCheckFunction,
  options: HealthCheckOptions | undefined,
  defaults: HealthCheckDefaults,
): CheckDefinition {
  const given: unknown = options ?? {};
  if (!isPlainObject(given)) {
    throw new Error(checkMessages.invalidCheckOption(place, defaultName, 'options', 'must be an object', given));
  }
  const name = given.name ?? defaultName;
  const rule = (option: string, value: unknown): RuleFailure => (text) =>
    new Error(checkMessages.invalidCheckOption(place, String(name), option, text, value));
  if (typeof name !== 'string' || name === '') throw rule('name', name)('must be a non-empty string');
  if (RESERVED_NAMES.has(name)) throw new Error(checkMessages.reservedName(place, name));
  const unknown = unknownKey(given, CHECK_OPTION_KEYS);
  if (unknown !== undefined) throw new Error(checkMessages.unknownCheckOption(place, name, unknown, [...CHECK_OPTION_KEYS]));
  const { critical, ttl, timeout, interval } = given;
  if (critical !== undefined) requireBoolean(critical, rule('critical', critical));
  if (ttl !== undefined) requireDuration(ttl, rule('ttl', ttl));
  if (timeout !== undefined) requirePositiveTimerDuration(timeout, rule('timeout', timeout));
  if (interval !== undefined) requirePositiveTimerDuration(interval, rule('interval', interval));
  if (ttl !== undefined && interval !== undefined) throw new Error(checkMessages.ttlWithInterval(place, name));
  const failAfter = given.failAfter ?? 1;
  if (!Number.isInteger(failAfter) || (failAfter as number) < 1) {
    throw rule('failAfter', failAfter)('must be a whole number of runs, 1 or more');
  }
  const probes = given.probes ?? ['ready'];
  if (!Array.isArray(probes) || probes.some((probe) => !(PROBES as readonly unknown[]).includes(probe))) {
    throw rule('probes', probes)(`must be an array of ${PROBES.map((p) => `"${p}"`).join(', ')}`);
  }
  if (interval !== undefined && probes.length === 0) throw new Error(checkMessages.intervalWithoutProbe(place, name));
  if (typeof run !== 'function') throw rule('check', run)('must be a function');
  return {
    name,
    place,
    run,
    critical: (critical as boolean | undefined) ?? defaults.critical,
    ttl: interval !== undefined ? 0 : ((ttl as number | undefined) ?? defaults.ttl),
    timeout: (timeout as number | undefined) ?? defaults.timeout,
    interval: interval as number | undefined,
    failAfter: failAfter as number,
    probes: [...new Set(probes as Probe[])],
  };
}
