import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { trackWorkerProgress, type WorkerProgressTracker } from '../../src/index.js';

const STUCK_AFTER = 60_000;

/** A tracker whose waiting count the test sets, with the clock in the test's hands. */
function trackerWith(initial: number) {
  let waiting: number | (() => number | Promise<number>) = initial;
  const tracker = trackWorkerProgress({ stuckAfterMs: STUCK_AFTER, waiting: () => (typeof waiting === 'function' ? waiting() : waiting) });
  return {
    tracker,
    setWaiting: (next: typeof waiting) => (waiting = next),
  };
}

async function afterMs(tracker: WorkerProgressTracker, ms: number) {
  jest.advanceTimersByTime(ms);
  return tracker.check();
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('trackWorkerProgress', () => {
  it('never fails an idle worker, however long nothing happens', async () => {
    const { tracker } = trackerWith(0);
    for (let hour = 0; hour < 5; hour++) expect(await afterMs(tracker, 3_600_000)).toEqual({ waiting: 0, last_activity_ms: null, stuck_after_ms: STUCK_AFTER });
  });

  it('fails once work has waited stuckAfterMs with nothing started, finished or progressed', async () => {
    const { tracker } = trackerWith(3);
    expect((await tracker.check()).healthy).toBeUndefined();
    expect((await afterMs(tracker, STUCK_AFTER - 1)).healthy).toBeUndefined();
    const stuck = await afterMs(tracker, 1);
    expect(stuck).toMatchObject({ healthy: false, waiting: 3, message: 'worker stuck: 3 jobs waiting and nothing started, finished or reported progress for 60 s' });
  });

  it('counts the quiet time from when work was first seen, not from the last job of an idle hour', async () => {
    const { tracker, setWaiting } = trackerWith(0);
    tracker.finished();
    await afterMs(tracker, 3_600_000);
    setWaiting(1);
    expect(await afterMs(tracker, 1_000)).toMatchObject({ waiting: 1, last_activity_ms: 3_601_000 });
    expect((await tracker.check()).healthy).toBeUndefined();
    expect((await afterMs(tracker, STUCK_AFTER)).healthy).toBe(false);
  });

  it.each([
    ['started', (t: WorkerProgressTracker) => t.started()],
    ['finished', (t: WorkerProgressTracker) => t.finished()],
    ['progressed', (t: WorkerProgressTracker) => t.progressed()],
  ])('resets the quiet time when a job %s', async (_event, move) => {
    const { tracker } = trackerWith(2);
    await tracker.check();
    jest.advanceTimersByTime(STUCK_AFTER - 1_000);
    move(tracker);
    expect(await afterMs(tracker, STUCK_AFTER - 1)).toMatchObject({ last_activity_ms: STUCK_AFTER - 1 });
    expect((await tracker.check()).healthy).toBeUndefined();
    expect((await afterMs(tracker, 1)).healthy).toBe(false);
  });

  it('recovers as soon as the worker moves again', async () => {
    const { tracker } = trackerWith(2);
    await tracker.check();
    expect((await afterMs(tracker, STUCK_AFTER)).healthy).toBe(false);
    tracker.started();
    expect((await tracker.check()).healthy).toBeUndefined();
  });

  it('is not stuck while the waiting count cannot be read: a broker outage restarts no worker', async () => {
    const { tracker, setWaiting } = trackerWith(4);
    await tracker.check();
    setWaiting(() => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:6379')));
    for (let i = 0; i < 10; i++) {
      const details = await afterMs(tracker, STUCK_AFTER);
      expect(details).toEqual({ waiting: null, last_activity_ms: null, stuck_after_ms: STUCK_AFTER });
    }
    // back from the outage, the worker gets a full stuckAfterMs to reconnect and pick jobs up
    setWaiting(4);
    expect((await tracker.check()).healthy).toBeUndefined();
    expect((await afterMs(tracker, STUCK_AFTER - 1)).healthy).toBeUndefined();
    expect((await afterMs(tracker, 1)).healthy).toBe(false);
  });

  it('treats a reader that throws, hangs past readTimeoutMs or returns nonsense as unknown, and names why on deep only', async () => {
    const { tracker, setWaiting } = trackerWith(1);
    await tracker.check();
    jest.advanceTimersByTime(STUCK_AFTER * 2);
    setWaiting(() => {
      throw new Error('connect to redis://app:s3cret@cache:6379/0?tls=1 refused');
    });
    expect(await tracker.check({ probe: 'ready' })).toEqual({ waiting: null, last_activity_ms: null, stuck_after_ms: STUCK_AFTER });
    // the operator sees why, without the credentials or the query string
    expect(await tracker.check({ probe: 'deep' })).toMatchObject({ waiting: null, waiting_error: 'connect to redis://cache:6379/0 refused' });

    setWaiting(() => Number.NaN);
    expect(await tracker.check({ probe: 'deep' })).toMatchObject({ waiting: null, waiting_error: 'waiting() returned NaN, expected a non-negative number' });

    setWaiting(() => new Promise<number>(() => {}));
    const hung = tracker.check({ probe: 'deep' });
    await jest.advanceTimersByTimeAsync(250);
    expect(await hung).toMatchObject({ waiting: null, waiting_error: 'reading the waiting count took longer than readTimeoutMs 250 ms' });
  });

  it('keeps one waiting read outstanding while the broker hangs, however many checks come', async () => {
    let reads = 0;
    const tracker = trackWorkerProgress({ stuckAfterMs: STUCK_AFTER, readTimeoutMs: 100, waiting: () => (reads++, new Promise<number>(() => {})) });
    for (let i = 0; i < 20; i++) {
      const check = tracker.check();
      await jest.advanceTimersByTimeAsync(100);
      expect((await check).waiting).toBeNull();
    }
    expect(reads).toBe(1);
  });

  it('rejects at once with the signal reason when the run is aborted', async () => {
    const tracker = trackWorkerProgress({ stuckAfterMs: STUCK_AFTER, waiting: () => new Promise<number>(() => {}) });
    const controller = new AbortController();
    const check = tracker.check({ signal: controller.signal });
    controller.abort(new Error('timed out after 500 ms'));
    await expect(check).rejects.toThrow('timed out after 500 ms');
  });
});

describe('trackWorkerProgress options', () => {
  it('refuses unknown keys, a missing reader and a missing or bad stuckAfterMs', () => {
    const waiting = () => 0;
    expect(() => trackWorkerProgress({ waiting, stuckAfterMs: 1, stuckAfter: 5 } as never)).toThrow(
      'trackWorkerProgress: unknown option "stuckAfter"; the options are waiting, stuckAfterMs, readTimeoutMs',
    );
    expect(() => trackWorkerProgress({ stuckAfterMs: 1 } as never)).toThrow('trackWorkerProgress: waiting must be a function, got undefined');
    expect(() => trackWorkerProgress({ waiting } as never)).toThrow('trackWorkerProgress: stuckAfterMs is required: a positive number of ms, got undefined');
    expect(() => trackWorkerProgress({ waiting, stuckAfterMs: 0 })).toThrow('trackWorkerProgress: stuckAfterMs must be a positive number of ms, got 0');
    expect(() => trackWorkerProgress({ waiting, stuckAfterMs: 1, readTimeoutMs: -5 })).toThrow('readTimeoutMs must be a positive number of ms, got -5');
  });
});
