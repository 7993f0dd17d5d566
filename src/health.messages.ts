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
  invalidIndicatorOption: (indicator: string, option: string, rule: string, value: unknown) =>
    `${indicator}: ${option} ${rule}, got ${describeValue(value)}`,
  diskBelowMinimum: (path: string, freeGb: number, minGb: number) =>
    `disk ${path}: ${freeGb} GB free, below the minimum of ${minGb} GB`,
  diskAboveMaximum: (path: string, usedPercent: number, maxPercent: number) =>
    `disk ${path}: ${usedPercent}% used, above the maximum of ${maxPercent}%`,
  memoryAboveMaximum: (kind: string, usedMb: number, maxMb: number) =>
    `memory: ${kind} is ${usedMb} MB, above the maximum of ${maxMb} MB`,
  eventLoopDelayAboveMaximum: (percentile: number, delayMs: number, maxMs: number) =>
    `event loop: delay p${percentile} is ${delayMs} ms, above the maximum of ${maxMs} ms`,
  httpUnexpectedStatus: (method: string, url: string, status: number, expected: string) =>
    `${method} ${url} answered ${status}, expected ${expected}`,
  httpFailed: (method: string, url: string, reason: string) => `${method} ${url} failed: ${reason}`,
  tcpFailed: (host: string, port: number, reason: string) => `TCP connect to ${host}:${port} failed: ${reason}`,
  simulatorProbeField: (probe: string, field: string, rule: string, value: unknown) =>
    `ProbeSimulator: ${probe}.${field} ${rule}, got ${describeValue(value)} (Kubernetes would reject this probe too)`,
  simulatorNoHttpGet: (probe: string) =>
    `ProbeSimulator: ${probe} has no httpGet action; only HTTP probes can be simulated, so give it httpGet: { path, port }`,
  simulatorTimeScale: (value: unknown) =>
    `ProbeSimulator: timeScale must be a positive number (0.1 runs a 10 s period every second), got ${describeValue(value)}`,
  simulatorBaseUrl: (value: unknown) =>
    `ProbeSimulator: baseUrl must be an absolute http(s) URL such as "http://127.0.0.1:3000", got ${describeValue(value)}`,
  simulatorNoWorkload: (kinds: string) =>
    `ProbeSimulator: the manifest holds no workload with a pod template (found ${kinds}); pass a Deployment, StatefulSet, DaemonSet or Pod`,
  simulatorNoContainer: (wanted: string, names: string) =>
    `ProbeSimulator: the manifest has no container named "${wanted}" (containers: ${names}); pass one of those names as container`,
  simulatorNoProbes: (names: string) =>
    `ProbeSimulator: no container in the manifest (${names}) declares a startupProbe, livenessProbe or readinessProbe`,
  simulatorYamlMissing: () =>
    'ProbeSimulator: reading a manifest from YAML text needs the "yaml" package; install it (npm i -D yaml) or pass the parsed object',
  simulatorWaitTimedOut: (what: string, ms: number) => `ProbeSimulator: no ${what} event within ${ms} ms`,
  simulatorStopped: (what: string) => `ProbeSimulator: stopped while waiting for a ${what} event`,
  simulatorNotRunning: (what: string) =>
    `ProbeSimulator: waiting for a ${what} event, but the simulator is not running; call start() first`,
};

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
