import { describe, expect, it } from '@jest/globals';
import {
  checkBullMQQueue,
  checkDiskSpace,
  checkEventLoopDelay,
  checkHttp,
  checkMemory,
  checkRedis,
  checkTcp,
  watchBullMQWorker,
} from '../../src/index.js';

/** Shapes that satisfy the checks' structural types; the option checks run before any call on them. */
const redisShape = { status: 'ready', ping: () => Promise.resolve('PONG') };
const queueShape = { name: 'mail', getJobCounts: () => Promise.resolve({}), isPaused: () => Promise.resolve(false) };
const workerShape = { name: 'mail', on: () => undefined, off: () => undefined, isRunning: () => true, isPaused: () => false };

describe('ready-made indicators refuse options they do not know', () => {
  it.each([
    ['checkDiskSpace', () => checkDiskSpace({ minFreeGB: 10 } as never), 'path, minFreeGb, maxUsedPercent'],
    ['checkEventLoopDelay', () => checkEventLoopDelay({ max: 10 } as never), 'maxMs, percentile, signal'],
    ['checkHttp', () => checkHttp('http://127.0.0.1:1', { timeout: 10 } as never), 'signal, method, headers, expectStatus'],
    ['checkTcp', () => checkTcp({ host: '127.0.0.1', port: 1, timeout: 10 } as never), 'host, port, signal'],
    ['checkRedis', () => checkRedis(redisShape, {}, { timeout: 10 } as never), 'graceMs, slowMs'],
    ['checkBullMQQueue', () => checkBullMQQueue(queueShape, {}, { maxWaiting: 10 } as never), 'graceMs, degradedAbove'],
  ])('%s rejects a misspelt option, naming the known ones', async (name, call, known) => {
    await expect(call()).rejects.toThrow(new RegExp(`^${name}: unknown option "\\w+"; the options are ${known}$`));
  });

  it('checkMemory (synchronous) and watchBullMQWorker throw at once', () => {
    expect(() => checkMemory({ maxHeap: 1 } as never)).toThrow('checkMemory: unknown option "maxHeap"; the options are maxHeapMb, maxRssMb');
    expect(() => watchBullMQWorker(workerShape, { queue: queueShape, stuckAfterMs: 1, stuckAfter: 1 } as never)).toThrow(
      'watchBullMQWorker: unknown option "stuckAfter"; the options are queue, stuckAfterMs, readTimeoutMs',
    );
  });

  it('refuses options that are not an object', async () => {
    await expect(checkRedis(redisShape, {}, 5 as never)).rejects.toThrow('checkRedis: options must be an object, got 5');
    expect(() => checkMemory([] as never)).toThrow('checkMemory: options must be an object, got []');
  });
});

describe('Redis and BullMQ checks validate what they are given', () => {
  it('refuses a value that is no Redis client, without rendering it', async () => {
    await expect(checkRedis(new Map() as never)).rejects.toThrow(
      "checkRedis: the client must be the app's ioredis or node-redis client (an object with ping() and a status or isReady), got a Map",
    );
    await expect(checkRedis({ ping: () => Promise.resolve('PONG') } as never)).rejects.toThrow('got an object of another shape');
  });

  it('refuses bad thresholds', async () => {
    await expect(checkRedis(redisShape, {}, { graceMs: -1 })).rejects.toThrow('checkRedis: graceMs must be a non-negative number, got -1');
    await expect(checkRedis(redisShape, {}, { slowMs: Number.NaN })).rejects.toThrow('checkRedis: slowMs must be a non-negative number, got NaN');
    await expect(checkBullMQQueue(queueShape, {}, { degradedAbove: { waiting: -1 } })).rejects.toThrow(
      'checkBullMQQueue: degradedAbove.waiting must be a non-negative number, got -1',
    );
    await expect(checkBullMQQueue(queueShape, {}, { degradedAbove: { completed: 5 } as never })).rejects.toThrow(
      'checkBullMQQueue degradedAbove: unknown option "completed"; the options are waiting, active, failed, delayed',
    );
  });

  it('refuses a queue or worker of another shape', async () => {
    await expect(checkBullMQQueue({ name: 'x' } as never)).rejects.toThrow(
      "checkBullMQQueue: the queue must be the app's BullMQ Queue (an object with getJobCounts() and isPaused()), got an object of another shape",
    );
    expect(() => watchBullMQWorker(queueShape as never, { queue: queueShape, stuckAfterMs: 1 })).toThrow(
      "watchBullMQWorker: the worker must be the app's BullMQ Worker (an object with on(), off(), isRunning() and isPaused())",
    );
    expect(() => watchBullMQWorker(workerShape, { queue: workerShape as never, stuckAfterMs: 1 })).toThrow('watchBullMQWorker: the queue must be');
    expect(() => watchBullMQWorker(workerShape, { queue: queueShape } as never)).toThrow('watchBullMQWorker: stuckAfterMs is required');
  });
});
