import { describe, expect, it } from '@jest/globals';
import { Queue, Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBullMQQueue, watchBullMQWorker } from '../../src/index.js';
import { pollUntil } from './support/poll-until.js';
import { FAULT_TIMINGS, useThrowawayRedis } from './support/redis-fault-suite.js';

const { GRACE_MS, CHECK_TIMEOUT_MS, RECONNECT_EVERY_MS, MARGIN_MS } = FAULT_TIMINGS;
const suite = useThrowawayRedis();
const { cleanup } = suite;

const connection = () => ({ host: '127.0.0.1', port: suite.redis.port, retryStrategy: () => RECONNECT_EVERY_MS });

function newQueue(name: string): Queue {
  const queue = new Queue(name, { connection: connection() });
  queue.on('error', () => undefined);
  cleanup.push(() => queue.close());
  return queue;
}

describe('checkBullMQQueue when its Redis goes away', () => {
  it('is degraded while reconnecting, failed after graceMs, and reads the counts again once Redis is back', async () => {
    const queue = newQueue('queue-down');
    await queue.add('a', {});
    // a read sent in the instant between the kill and the client noticing it times out, as the runner would report
    const check = () =>
      checkBullMQQueue(queue, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }, { graceMs: GRACE_MS }).catch((error: Error) => ({
        thrown: error.message,
        connected: false,
        degraded: undefined,
        healthy: undefined,
      }));
    expect(await check()).toMatchObject({ status: 'ready', connected: true, waiting: 1 });

    await suite.redis.kill();
    const degraded = await pollUntil(check, (details) => details.degraded === true, MARGIN_MS);
    expect(degraded.value).toMatchObject({ connected: false, status: expect.stringMatching(/^(reconnecting|connecting|connect|close)$/) });
    const failed = await pollUntil(check, (details) => details.healthy === false, GRACE_MS + MARGIN_MS);
    await suite.redis.start();
    // the throwaway server keeps nothing on disk: the queue comes back empty
    const back = await pollUntil(check, (details) => details.connected, MARGIN_MS * 2);
    console.log(`BullMQ queue: degraded ${Math.round(degraded.ms)} ms after the kill, failed ${Math.round(failed.ms)} ms later, counts read again ${Math.round(back.ms)} ms after the restart`);
    expect(back.value).toMatchObject({ status: 'ready', connected: true, waiting: 0 });
  }, 30_000);

  it('keeps one counts read outstanding while Redis hangs, however many runs time out', async () => {
    const queue = newQueue('queue-hung');
    await queue.waitUntilReady();
    expect(await checkBullMQQueue(queue)).toMatchObject({ status: 'ready', connected: true });
    // each counts read asks isPaused() with one HEXISTS: the server's count of them is the number of reads
    const before = await suite.counter.calls('hexists');
    suite.redis.pause();
    const runs = 20;
    for (let run = 0; run < runs; run++) {
      await expect(checkBullMQQueue(queue, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })).rejects.toThrow();
    }
    suite.redis.resume();
    await pollUntil(() => checkBullMQQueue(queue, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).catch(() => ({ connected: false })), (details) => details.connected, MARGIN_MS);
    const reads = (await suite.counter.calls('hexists')) - before;
    console.log(`BullMQ queue: ${runs} runs against a SIGSTOPped Redis; counts reads the server received for them and the run after: ${reads}`);
    // one read shared by the hung runs, at most one more by the run after the resume
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
  }, 30_000);
});

describe('watchBullMQWorker when the broker goes away', () => {
  it('never calls a stuck worker stuck while Redis is hung or down, and judges it again once Redis is back', async () => {
    const queue = newQueue('outage');
    let consuming = true;
    const worker = new Worker('outage', async () => {
      while (!consuming) await sleep(50);
      return 'ok';
    }, { connection: connection() });
    worker.on('error', () => undefined);
    const watch = watchBullMQWorker(worker, { queue, stuckAfterMs: 500, readTimeoutMs: 100 });
    cleanup.push(async () => {
      consuming = true;
      watch.close();
      await worker.close(true);
    });
    consuming = false;
    await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }, { name: 'c', data: {} }]);
    const stuck = await pollUntil(() => watch.check(), (details) => details.healthy === false, 500 + MARGIN_MS);
    expect(stuck.value).toMatchObject({ waiting: 2 });

    for (const [outage, start, end] of [
      ['hung (SIGSTOP)', () => suite.redis.pause(), () => suite.redis.resume()],
      ['down (killed)', () => suite.redis.kill(), () => suite.redis.start()],
    ] as const) {
      await start();
      const verdicts = [];
      const startedAt = performance.now();
      while (performance.now() - startedAt < 2000) {
        verdicts.push(await watch.check({ probe: 'live', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }));
        await sleep(50);
      }
      console.log(`BullMQ worker, broker ${outage} for 2 s with jobs waiting: ${verdicts.length} checks, ${verdicts.filter((v) => v.healthy === false).length} stuck`);
      expect(verdicts.every((details) => details.healthy === undefined)).toBe(true);
      expect(verdicts.filter((details) => details.waiting === null).length).toBeGreaterThan(verdicts.length / 2);
      await end();
    }
    consuming = true;
    // the killed server lost the jobs (no persistence): the worker is idle, and healthy
    const healthy = await pollUntil(() => watch.check(), (details) => details.waiting !== null, MARGIN_MS * 2);
    expect(healthy.value.healthy).toBeUndefined();
  }, 60_000);
});
