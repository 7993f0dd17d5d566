import { describeValue } from './describe-value.js';

export const messages = {
  invalidCheckOption: (place: string, name: string, option: string, rule: string, value: unknown) =>
    `HealthCheck "${name}" on ${place}: ${option} ${rule}, got ${describeValue(value)}`,
  unknownCheckOption: (place: string, name: string, option: string, known: readonly string[]) =>
    `HealthCheck "${name}" on ${place}: unknown option "${option}"; the options are ${known.join(', ')}`,
  ttlWithInterval: (place: string, name: string) =>
    `HealthCheck "${name}" on ${place}: ttl and interval cannot be combined (an interval check is always read from its latest background result); remove one of them`,
  duplicateName: (name: string, first: string, second: string) =>
    first === second
      ? `HealthCheck "${name}" is declared twice, on ${first} of two different instances (the class is provided in two modules, or a dynamic module is registered twice); provide it in one module and export it, or register one check per instance with HealthRegistry.register(name, fn)`
      : `HealthCheck "${name}" is declared twice, on ${first} and on ${second}; give one of them another name with @HealthCheck({ name })`,
  scopedProvider: (place: string, scope: string) =>
    `@HealthCheck on ${place}: the provider is ${scope}-scoped, so there is no single instance to call; make it a default-scoped (singleton) provider or move the check to one`,
  invalidModuleOption: (option: string, rule: string, value: unknown) =>
    `HealthModule: ${option} ${rule}, got ${describeValue(value)}`,
  missingToken: () =>
    'HealthTokenGuard is in use but no token is set: pass HealthModule.forRoot({ token }) or set the HEALTH_TOKEN environment variable',
  deepRouteDisabled: (url: string) =>
    `The deep health route ${url} answers 404: no deep.guards are configured. Add deep: { guards: [HealthTokenGuard] } (or your own guard), or deep: { public: true } for local development`,
  drainWithoutShutdownHooks: (drainMs: number) =>
    `shutdown.drainMs is ${drainMs} but no SIGTERM listener is installed: call app.enableShutdownHooks() so the drain can run`,
  probeUrls: (urls: string) => `Health probes: ${urls}`,
  transition: (check: string, from: string, to: string, reason: string | undefined) =>
    `${check === '*' ? 'readiness' : `check "${check}"`}: ${from} -> ${to}${reason ? ` (${reason})` : ''}`,
  observerFailed: (check: string, reason: string) =>
    `A health outcome listener threw for check "${check}" (${reason}); the probe answered anyway, fix the listener`,
  timedOut: (ms: number) => `timed out after ${ms} ms`,
  noResultYet: () => 'no result yet',
  stale: (ageMs: number) => `stale: last result is ${Math.round(ageMs)} ms old`,
  returnedFalse: () => 'check returned false',
  shuttingDown: () => 'shutting down',
  waitingForStartup: (pending: string) => `waiting for ${pending}`,
  pendingStartupCheck: (name: string) => `startup check "${name}"`,
  pendingHolds: (count: number) => `${count} readiness hold${count === 1 ? '' : 's'}`,
  pendingBootstrap: () => 'application bootstrap',
  markedNotReady: () => 'marked not ready',
  applicationClosing: () => 'application closing',
  promClientMissing: () =>
    'HealthModule: metrics is on but prom-client cannot be loaded; install it (npm install prom-client) or set metrics: false',
  invalidMetricsRegistry: (value: unknown) =>
    `HealthModule: metrics.registry must be a prom-client Registry (new Registry() from prom-client), got ${describeValue(value)}`,
};
