import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBullMQQueue, watchBullMQWorker, type BullMQWorkerDetails, type BullMQWorkerWatch } from '../../src/index.js';

const connection = { host: '127.0.0.1', port: 6379 };
const STUCK_AFTER_MS = 1000;
const POLL_MS = 100;
// what a poll, a Redis round trip and a busy 2-core machine may add to the rule's own deadline
const MARGIN_MS = 1500;

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A queue of this test's own on the machine's Redis, removed afterwards. */
function newQueue(): Queue {
  const queue = new Queue(`nestjs-health-${randomUUID().slice(0, 8)}`, { connection });
  cleanup.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });
  return queue;
}

function newWorker(queue: Queue, processor: Processor, concurrency = 1): Worker {
  const worker = new Worker(queue.name, processor, { connection, concurrency });
  cleanup.push(() => worker.close(true));
  return worker;
}

function watched(worker: Worker, queue: Queue): BullMQWorkerWatch {
  const watch = watchBullMQWorker(worker, { queue, stuckAfterMs: STUCK_AFTER_MS });
  cleanup.push(() => watch.close());
  return watch;
}

/** Checks every POLL_MS for `ms`, returning every verdict with the time it was taken. */
async function checksFor(watch: BullMQWorkerWatch, ms: number): Promise<{ at: number; details: BullMQWorkerDetails }[]> {
  const startedAt = performance.now();
  const seen = [];
  while (performance.now() - startedAt < ms) {
    seen.push({ at: performance.now() - startedAt, details: await watch.check({ probe: 'live' }) });
    await sleep(POLL_MS);
  }
  return seen;
}

/** Checks until the watch says stuck; returns ms from the first check that saw work waiting. */
async function msUntilStuck(watch: BullMQWorkerWatch, timeoutMs: number): Promise<{ ms: number; details: BullMQWorkerDetails }> {
  let firstWaiting: number | undefined;
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const details = await watch.check({ probe: 'live' });
    if (details.waiting !== null && details.waiting > 0) firstWaiting ??= performance.now();
    if (details.healthy === false) return { ms: performance.now() - (firstWaiting ?? performance.now()), details };
    await sleep(POLL_MS);
  }
  throw new Error(`not stuck within ${timeoutMs} ms`);
}

const never = () => new Promise<never>(() => {});

describe('checkBullMQQueue on a real queue', () => {
  it('reports the connection and the waiting, active, failed and delayed counts', async () => {
    const queue = newQueue();
    await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }, { name: 'c', data: {}, opts: { priority: 5 } }]);
    await queue.add('later', {}, { delay: 60_000 });
    expect(await checkBullMQQueue(queue)).toEqual({ status: 'ready', connected: true, waiting: 3, active: 0, failed: 0, delayed: 1, paused: false });

    const worker = newWorker(queue, async (job: Job) => {
      if (job.name === 'b') throw new Error('bad input');
      if (job.name === 'c') return never();
      return 'ok';
    });
    await new Promise((resolve) => worker.once('failed', resolve));
    await sleep(200);
    expect(await checkBullMQQueue(queue)).toMatchObject({ connected: true, waiting: 0, active: 1, failed: 1, delayed: 1 });
  });

  it('is degraded, not failed, above a backlog threshold', async () => {
    const queue = newQueue();
    await queue.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: `job-${i}`, data: {} })));
    expect(await checkBullMQQueue(queue, {}, { degradedAbove: { waiting: 4 } })).toMatchObject({
      waiting: 5,
      degraded: true,
      message: `BullMQ queue "${queue.name}": 5 waiting jobs, above degradedAbove.waiting 4`,
    });
    expect((await checkBullMQQueue(queue, {}, { degradedAbove: { waiting: 5 } })).degraded).toBeUndefined();
  });
});

describe('watchBullMQWorker on a real worker', () => {
  it('never fails an idle worker', async () => {
    const queue = newQueue();
    const watch = watched(newWorker(queue, async () => 'ok'), queue);
    const seen = await checksFor(watch, STUCK_AFTER_MS * 3);
    expect(seen.length).toBeGreaterThan(10);
    for (const { details } of seen) expect(details).toMatchObject({ waiting: 0, running: true, paused: false });
    expect(seen.filter(({ details }) => details.healthy === false)).toEqual([]);
  });

  it('stays healthy while the worker consumes a steady stream of jobs', async () => {
    const queue = newQueue();
    const watch = watched(newWorker(queue, () => sleep(150).then(() => 'ok')), queue);
    await queue.addBulk(Array.from({ length: 30 }, (_, i) => ({ name: `job-${i}`, data: {} })));
    const seen = await checksFor(watch, STUCK_AFTER_MS * 2.5);
    expect(seen.some(({ details }) => (details.waiting ?? 0) > 0)).toBe(true);
    expect(seen.filter(({ details }) => details.healthy === false)).toEqual([]);
  });

  it('fails once a paused consumer leaves jobs waiting for stuckAfterMs, and recovers when it resumes', async () => {
    const queue = newQueue();
    const worker = newWorker(queue, async () => 'ok');
    const watch = watched(worker, queue);
    await worker.pause();
    await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }]);
    const { ms, details } = await msUntilStuck(watch, STUCK_AFTER_MS + MARGIN_MS + 1000);
    console.log(`paused worker with 2 jobs waiting: stuck after ${Math.round(ms)} ms (stuckAfterMs ${STUCK_AFTER_MS})`);
    expect(ms).toBeGreaterThanOrEqual(STUCK_AFTER_MS - POLL_MS);
    expect(ms).toBeLessThan(STUCK_AFTER_MS + MARGIN_MS);
    expect(details).toMatchObject({ healthy: false, waiting: 2, paused: true, message: expect.stringMatching(/^worker stuck: 2 jobs waiting and nothing started/) });
    worker.resume();
    await new Promise((resolve) => worker.once('completed', resolve));
    expect((await watch.check()).healthy).toBeUndefined();
  });

  it('fails when the one job in progress hangs without progress while others wait', async () => {
    const queue = newQueue();
    const watch = watched(newWorker(queue, never), queue);
    await queue.addBulk([{ name: 'hangs', data: {} }, { name: 'waits', data: {} }]);
    const { ms, details } = await msUntilStuck(watch, STUCK_AFTER_MS + MARGIN_MS + 1000);
    console.log(`hung job with 1 job waiting: stuck after ${Math.round(ms)} ms`);
    expect(details).toMatchObject({ healthy: false, waiting: 1, running: true, paused: false });
    // the clock runs from the job's start, which happened before the first check saw work waiting
    expect(ms).toBeLessThan(STUCK_AFTER_MS + MARGIN_MS);
  });

  it('lets a long job that reports progress run past stuckAfterMs, and fails once its progress stops', async () => {
    const queue = newQueue();
    let reporting = true;
    let running = true;
    const watch = watched(
      newWorker(queue, async (job: Job) => {
        for (let step = 0; running; step++) {
          await sleep(200);
          if (reporting) await job.updateProgress(step);
        }
      }),
      queue,
    );
    cleanup.push(() => void (running = false));
    await queue.addBulk([{ name: 'long', data: {} }, { name: 'waits', data: {} }]);
    const whileReporting = await checksFor(watch, STUCK_AFTER_MS * 2.5);
    expect(whileReporting.some(({ details }) => details.waiting === 1)).toBe(true);
    expect(whileReporting.filter(({ details }) => details.healthy === false)).toEqual([]);
    reporting = false;
    const { details } = await msUntilStuck(watch, STUCK_AFTER_MS + MARGIN_MS + 1000);
    expect(details).toMatchObject({ healthy: false, waiting: 1 });
  });

  it('does not count a paused queue as work waiting for the worker', async () => {
    const queue = newQueue();
    const watch = watched(newWorker(queue, async () => 'ok'), queue);
    await queue.pause();
    await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }]);
    const seen = await checksFor(watch, STUCK_AFTER_MS * 2);
    for (const { details } of seen) expect(details).toMatchObject({ waiting: 0, queue_paused: true });
    expect((await checkBullMQQueue(queue)).paused).toBe(true);
  });
});
