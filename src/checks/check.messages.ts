import { describeValue } from '../describe-value.js';

/** Messages about checks: their options, discovery, registration and runs. */
export const checkMessages = {
  invalidCheckOption: (place: string, name: string, option: string, rule: string, value: unknown) =>
    `HealthCheck "${name}" on ${place}: ${option} ${rule}, got ${describeValue(value)}`,
  unknownCheckOption: (place: string, name: string, option: string, known: readonly string[]) =>
    `HealthCheck "${name}" on ${place}: unknown option "${option}"; the options are ${known.join(', ')}`,
  ttlWithInterval: (place: string, name: string) =>
    `HealthCheck "${name}" on ${place}: ttl and interval cannot be combined (an interval check is always read from its latest background result); remove one of them`,
  intervalWithoutProbe: (place: string, name: string) =>
    `HealthCheck "${name}" on ${place}: interval on a deep-only check (probes: []) would poll in the background for no probe, and deep runs every check fresh anyway; remove interval, or list the probes it serves`,
  reservedName: (place: string, name: string) =>
    `HealthCheck "${name}" on ${place}: "${name}" cannot name a check (it is not a plain key in JSON bodies); choose another name`,
  duplicateName: (name: string, first: string, second: string) =>
    first === second
      ? `HealthCheck "${name}" is declared twice, on ${first} of two different instances (the class is provided in two modules, or a dynamic module is registered twice); provide it in one module and export it, or register one check per instance with HealthRegistry.register(name, fn)`
      : `HealthCheck "${name}" is declared twice, on ${first} and on ${second}; give one of them another name with @HealthCheck({ name })`,
  scopedProvider: (place: string, scope: string) =>
    `@HealthCheck on ${place}: the provider is ${scope}-scoped, so there is no single instance to call; make it a default-scoped (singleton) provider or move the check to one`,
  lazyModuleRefused: (reason: string) => `A lazily loaded module declares a check that cannot be added: ${reason}`,
  observerFailed: (check: string, reason: string) =>
    `A health outcome listener threw for check "${check}" (${reason}); the probe answered anyway, fix the listener`,
  timedOut: (ms: number) => `timed out after ${ms} ms`,
  noResultYet: () => 'no result yet',
  stale: (ageMs: number) => `stale: last result is ${Math.round(ageMs)} ms old`,
  returnedFalse: () => 'check returned false',
  shuttingDown: () => 'shutting down',
};
