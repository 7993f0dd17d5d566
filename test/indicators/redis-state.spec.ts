import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { redisConnectionState, type RedisClientLike } from '../../src/indicators/redis-client.js';
import { infoField } from '../../src/indicators/redis-extras.js';
import { redisStateVerdict } from '../../src/indicators/redis-state-verdict.js';

const GRACE = 10_000;
const ioredis = (status: string) => ({ status, ping: () => Promise.resolve('PONG') });
const nodeRedis = (isOpen: boolean, isReady: boolean) => ({ isOpen, isReady, ping: () => Promise.resolve('PONG') });
const verdictOf = (client: RedisClientLike) => redisStateVerdict(client, redisConnectionState(client), GRACE);

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('Redis client states before any command', () => {
  it.each(['ready', 'wait'])('sends the PING for an ioredis client in %s (wait connects lazily on it)', (status) => {
    expect(verdictOf(ioredis(status))).toBeUndefined();
  });

  it('sends the PING for a ready node-redis client', () => {
    expect(verdictOf(nodeRedis(true, true))).toBeUndefined();
  });

  it('fails an ended ioredis client and a node-redis client that is not open, at once', () => {
    expect(verdictOf(ioredis('end'))).toEqual({
      healthy: false,
      status: 'end',
      connected: false,
      message: 'Redis client is closed for good (status "end"): quit() or disconnect() was called, or its retryStrategy gave up; it will not reconnect by itself',
    });
    expect(verdictOf(nodeRedis(false, false))).toEqual({
      healthy: false,
      status: 'closed',
      connected: false,
      message: 'Redis client is not open: call connect() once at startup (after quit() or close() it stays closed)',
    });
  });

  it.each([
    ['ioredis reconnecting', ioredis('reconnecting'), 'reconnecting'],
    ['ioredis connecting', ioredis('connecting'), 'connecting'],
    ['ioredis close', ioredis('close'), 'close'],
    ['node-redis reconnecting', nodeRedis(true, false), 'reconnecting'],
  ])('reports %s as degraded for graceMs from the first check that saw it, then failed', (_name, client, status) => {
    expect(verdictOf(client)).toMatchObject({ degraded: true, status, connected: false, message: `Redis client ${status} for 0 s; degraded for up to 10 s, then failed` });
    jest.advanceTimersByTime(GRACE - 1);
    expect(verdictOf(client)).toMatchObject({ degraded: true });
    jest.advanceTimersByTime(1);
    expect(verdictOf(client)).toEqual({ healthy: false, status, connected: false, message: `Redis client ${status} for 10 s, longer than its grace of 10 s` });
  });

  it('restarts the grace after the client was seen ready again', () => {
    const client = ioredis('reconnecting');
    verdictOf(client);
    jest.advanceTimersByTime(GRACE);
    client.status = 'ready';
    expect(verdictOf(client)).toBeUndefined();
    client.status = 'reconnecting';
    expect(verdictOf(client)).toMatchObject({ degraded: true });
  });
});

describe('INFO parsing for the deep extras', () => {
  const info = '# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n';
  it('reads a numeric field and ignores look-alikes', () => {
    expect(infoField(info, 'used_memory')).toBe(1048576);
    expect(infoField(info, 'maxmemory')).toBe(0);
    expect(infoField(info, 'used_memory_peak')).toBeUndefined();
  });
});
