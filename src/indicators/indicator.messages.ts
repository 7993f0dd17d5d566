import { describeValue } from '../describe-value.js';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** What a value is, without rendering a client object (huge, cyclic) into a message. */
function describeKind(value: unknown): string {
  if (value === null || typeof value !== 'object') return describeValue(value);
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object of another shape';
}

/** Messages of the ready-made indicators. */
export const indicatorMessages = {
  invalidIndicatorOption: (indicator: string, option: string, rule: string, value: unknown) =>
    `${indicator}: ${option} ${rule}, got ${describeValue(value)}`,
  unknownIndicatorOption: (indicator: string, option: string, known: readonly string[]) =>
    `${indicator}: unknown option "${option}"; the options are ${known.join(', ')}`,
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

  notARedisClient: (indicator: string, value: unknown) =>
    `${indicator}: the client must be the app's ioredis or node-redis client (an object with ping() and a status or isReady), got ${describeKind(value)}`,
  redisEnded: (status: string) =>
    `Redis client is closed for good (status "${status}"): quit() or disconnect() was called, or its retryStrategy gave up; it will not reconnect by itself`,
  redisNotOpen: () =>
    'Redis client is not open: call connect() once at startup (after quit() or close() it stays closed)',
  redisReconnecting: (status: string, elapsedMs: number, graceMs: number) =>
    `Redis client ${status} for ${seconds(elapsedMs)}; degraded for up to ${seconds(graceMs)}, then failed`,
  redisReconnectingTooLong: (status: string, elapsedMs: number, graceMs: number) =>
    `Redis client ${status} for ${seconds(elapsedMs)}, longer than its grace of ${seconds(graceMs)}`,
  redisPingFailed: (reason: string) => `Redis PING failed: ${reason}`,
  redisSlow: (pingMs: number, slowMs: number) => `Redis PING took ${pingMs} ms, above slowMs ${slowMs} ms`,

  notABullQueue: (indicator: string, value: unknown) =>
    `${indicator}: the queue must be the app's BullMQ Queue (an object with getJobCounts() and isPaused()), got ${describeKind(value)}`,
  notABullWorker: (value: unknown) =>
    `watchBullMQWorker: the worker must be the app's BullMQ Worker (an object with on(), off(), isRunning() and isPaused()), got ${describeKind(value)}`,
  bullCountsFailed: (queue: string, reason: string) => `BullMQ queue "${queue}": reading the job counts failed: ${reason}`,
  bullAboveThreshold: (queue: string, state: string, count: number, threshold: number) =>
    `BullMQ queue "${queue}": ${count} ${state} jobs, above degradedAbove.${state} ${threshold}`,

  workerStuck: (waiting: number, quietMs: number) =>
    `worker stuck: ${waiting} job${waiting === 1 ? '' : 's'} waiting and nothing started, finished or reported progress for ${seconds(quietMs)}`,
  waitingReadTimedOut: (ms: number) => `reading the waiting count took longer than readTimeoutMs ${ms} ms`,
  waitingNotANumber: (value: unknown) => `waiting() returned ${describeValue(value)}, expected a non-negative number`,
  notAFunction: (indicator: string, option: string, value: unknown) =>
    `${indicator}: ${option} must be a function, got ${describeKind(value)}`,

  grpcHasNoStatus: () =>
    'watchTransportStatus: the gRPC transport has no status stream (Nest throws on reading it); check a gRPC server with nestjs-health/grpc, or its port with checkTcp',
  notAStatusSource: (value: unknown) =>
    `watchTransportStatus: the source must be a Nest microservice server, client (ClientProxy) or app, whose status is an observable, got ${describeKind(value)}`,
  invalidStatusMeaning: (status: string, value: unknown) =>
    `watchTransportStatus: statuses["${status}"] must be "healthy", "transient" or "failed", got ${describeValue(value)}`,
  noStatusYet: () =>
    'no status yet: a ClientProxy reports its first status only once connect() is called, a server once it listens',
  transportFailed: (status: string) => `transport ${status}`,
  transportUnknownStatus: (status: string) =>
    `transport status "${status}" is not one this check knows; map it with the statuses option`,
  transportTransient: (status: string, elapsedMs: number, graceMs: number) =>
    `transport ${status} for ${seconds(elapsedMs)}; degraded for up to ${seconds(graceMs)}, then failed`,
  transportTransientTooLong: (status: string, elapsedMs: number, graceMs: number) =>
    `transport ${status} for ${seconds(elapsedMs)}, longer than its grace of ${seconds(graceMs)}`,
  statusStreamErrored: () => 'the transport status stream ended with an error',
  statusStreamCompleted: () => 'the transport status stream completed: the server or client is closed',
  watchClosed: () => 'this watch was closed (close() was called); create a new one to check again',
};
