import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/throwaway-redis.js';
import { RedisConnections } from './redis-connections.js';

/** The timings the Redis fault specs share. */
export const FAULT_TIMINGS = {
  GRACE_MS: 1000,
  CHECK_TIMEOUT_MS: 300,
  RECONNECT_EVERY_MS: 100,
  // what a poll, a reconnect attempt and a busy 2-core machine may add to a deadline
  MARGIN_MS: 1500,
} as const;

export interface RedisFaultSuite {
  readonly redis: ThrowawayRedis;
  readonly counter: RedisConnections;
  /** steps run after each test, last first */
  readonly cleanup: (() => Promise<unknown> | void)[];
}

/** A throwaway Redis for the whole file, running and resumed again after every test. */
export function useThrowawayRedis(): RedisFaultSuite {
  let redis: ThrowawayRedis | undefined;
  let counter: RedisConnections | undefined;
  const cleanup: (() => Promise<unknown> | void)[] = [];
  beforeAll(async () => {
    redis = await startThrowawayRedis();
    counter = new RedisConnections(redis.port, []);
  }, 30_000);
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    // a failed test must not leave the next one a broken server
    redis?.resume();
    await redis?.start();
  }, 30_000);
  afterAll(async () => {
    await redis?.destroy();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the throwaway Redis is not started yet: use the suite inside a test');
    return value;
  };
  return {
    get redis() {
      return started(redis);
    },
    get counter() {
      return started(counter);
    },
    cleanup,
  };
}
