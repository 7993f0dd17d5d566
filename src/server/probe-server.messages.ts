import { describeValue } from '../describe-value.js';

/** Messages of the module's own probe server. */
export const serverMessages = {
  invalid: (option: string, rule: string, value: unknown) => `HealthModule: server.${option} ${rule}, got ${describeValue(value)}`,
  notAnObject: (value: unknown) => `HealthModule: server must be an object such as { port: 9000 }, got ${describeValue(value)}`,
  unknownKey: (key: string, known: ReadonlySet<string>) => `HealthModule: unknown option "server.${key}"; the keys of server are ${[...known].join(', ')}`,
  threadOnly: (option: string) =>
    `HealthModule: server.${option} applies to the worker-thread mode only; set server.thread: true, or remove server.${option}`,
  durationsOutOfOrder: (tickMs: number, readyStallMs: number | false, stallMs: number) =>
    `HealthModule: server durations must grow: heartbeat tick (${tickMs} ms) < readyStallMs (${readyStallMs === false ? 'false' : `${readyStallMs} ms`}) < stallMs (${stallMs} ms); raise server.stallMs or lower server.readyStallMs`,
  deepOnMountOnApp: () =>
    'HealthModule: server.mountOnApp takes live, ready and startup only; the deep route is placed by deep.guards (with guards it stays on the app, without them it is served on the probe server)',
  portMissing: () =>
    'HealthModule: server is set but no port is given: set server.port (e.g. 9000) or the HEALTH_PORT environment variable',
  badEnvPort: (value: string) =>
    `HealthModule: HEALTH_PORT must be a TCP port number from 0 to 65535, got ${describeValue(value)}; fix the environment variable or set server.port`,
  portInUse: (port: number, host: string | undefined) =>
    `HealthModule: the probe server cannot listen on port ${port}${host ? ` of ${host}` : ''}: the port is in use; choose another server.port (or HEALTH_PORT), or stop what holds it`,
  cannotListen: (port: number, host: string | undefined, code: string) =>
    `HealthModule: the probe server cannot listen on port ${port}${host ? ` of ${host}` : ''} (${code}); check server.port, server.host and HEALTH_PORT`,
  guardsWithoutHttp: () =>
    'HealthModule: deep.guards are Nest guards and need the app\'s own HTTP server, but this app has none (a microservice or an application context); remove deep.guards: the probe server then serves deep behind the token (token option or HEALTH_TOKEN)',
  routeClash: (path: string) => `HealthModule: two probe-server routes share the path ${path}; change path or routes so each route has its own path`,
  listening: (url: string, routes: string) => `Health probe server on ${url}: ${routes}`,
  deepWithoutToken: (path: string) =>
    `The deep health route ${path} on the probe server answers 404: no token is set. Set the token option or HEALTH_TOKEN (Bearer), or deep: { public: true } for local development`,
  answerFailed: (reason: string) => `Health probe server: a probe could not be answered: ${reason}`,
  metricsFailed: (reason: string) => `Health probe server: /metrics could not be collected: ${reason}`,
  workerFailed: (reason: string) => `Health probe server: the worker thread stopped unexpectedly (${reason}); starting it again`,
};
