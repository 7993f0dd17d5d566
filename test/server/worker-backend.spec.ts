import type { ProbeReport } from '../../src/probes/probe-report.js';
import type { FrontAnswer, ProbeAsk } from '../../src/server/probe-routes.js';
import type { Heartbeat } from '../../src/server/thread/heartbeat.js';
import { WorkerBackend } from '../../src/server/thread/worker-backend.js';
import type { ProbeWorkerData, WorkerMessage } from '../../src/server/thread/worker-protocol.js';

const report = (probe: ProbeReport['probe'], status: ProbeReport['status'], ok: boolean): ProbeReport => ({ probe, status, ok });
const TIMING = { tickMs: 50, stallMs: 2000, readyStallMs: 500, answerWithinMs: 200 };

/** A heartbeat whose age the test sets, or lets grow with the clock from a given age. */
class ScriptedHeartbeat {
  private since = performance.now();
  private base = 0;
  set(ageMs: number): void {
    this.base = ageMs;
    this.since = performance.now();
  }
  ageMs(): number {
    return this.base + (performance.now() - this.since);
  }
}

function backend(heartbeat: ScriptedHeartbeat, timing = TIMING) {
  const asked: Extract<WorkerMessage, { type: 'ask' }>[] = [];
  const data: ProbeWorkerData = {
    front: { port: 0, routes: [], deep: 'token' },
    timing,
    heartbeat: new SharedArrayBuffer(8),
    version: '1.2.3',
    historyRuns: 60,
    publication: { reports: { live: report('live', 'alive', true), ready: report('ready', 'ready', true), startup: report('startup', 'started', true) }, deepTimeoutMs: 300 },
  };
  const worker = new WorkerBackend((message) => message.type === 'ask' && asked.push(message), heartbeat as unknown as Heartbeat, data);
  return { worker, asked };
}

const ask = (target: ProbeAsk['target'], verbose = false): ProbeAsk => ({ target, verbose, history: false });
const MAIN: FrontAnswer = { statusCode: 200, contentType: 'application/json; charset=utf-8', body: '{"status":"ready","from":"main"}' };

async function timed(answer: FrontAnswer | Promise<FrontAnswer>): Promise<{ answer: FrontAnswer; ms: number }> {
  const started = performance.now();
  const settled = await answer;
  return { answer: settled, ms: performance.now() - started };
}

describe('the worker thread\'s answers', () => {
  it('asks the main thread while the heartbeat is fresh and sends its answer', async () => {
    const heartbeat = new ScriptedHeartbeat();
    const { worker, asked } = backend(heartbeat);
    const pending = worker.answer(ask('ready'));
    expect(asked).toHaveLength(1);
    expect(asked[0].ask.target).toBe('ready');
    worker.settle(asked[0].id, MAIN);
    expect(await pending).toBe(MAIN);
  });

  it('answers from the published report when a ticking main thread takes longer than answerWithinMs', async () => {
    const heartbeat = new ScriptedHeartbeat();
    const { worker, asked } = backend(heartbeat);
    // the main thread keeps beating but never answers this one
    const beating = setInterval(() => heartbeat.set(0), 10);
    const { answer, ms } = await timed(worker.answer(ask('ready')));
    clearInterval(beating);
    expect(ms).toBeGreaterThanOrEqual(195);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ready', version: '1.2.3' });
    // a late answer is dropped
    worker.settle(asked[0].id, { ...MAIN, statusCode: 503 });
  });

  it('stops waiting once the main thread misses a beat by half a tick, well before answerWithinMs', async () => {
    const heartbeat = new ScriptedHeartbeat();
    heartbeat.set(40);
    const { worker, asked } = backend(heartbeat);
    const { answer, ms } = await timed(worker.answer(ask('live')));
    expect(asked).toHaveLength(1);
    // a beat half a tick late at 75 ms: about 35 ms after the question, not at two ticks (60 ms) nor answerWithinMs
    expect(ms).toBeGreaterThanOrEqual(30);
    expect(ms).toBeLessThan(55);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'alive' });
  });

  it('does not ask a main thread whose beat is already half a tick late, though the heartbeat is still fresh', () => {
    const heartbeat = new ScriptedHeartbeat();
    heartbeat.set(80);
    const { worker, asked } = backend(heartbeat);
    const answer = worker.answer(ask('ready')) as FrontAnswer;
    expect(asked).toHaveLength(0);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ready', version: '1.2.3' });
  });

  it('answers at once from the published report when the heartbeat is stale, with the stall rules', async () => {
    const heartbeat = new ScriptedHeartbeat();
    const { worker, asked } = backend(heartbeat);
    heartbeat.set(300);
    const live = worker.answer(ask('live'));
    const ready = worker.answer(ask('ready'));
    expect(asked).toHaveLength(0);
    expect([(live as FrontAnswer).statusCode, (ready as FrontAnswer).statusCode]).toEqual([200, 200]);
    heartbeat.set(600);
    const stalledReady = worker.answer(ask('ready')) as FrontAnswer;
    expect(stalledReady.statusCode).toBe(503);
    expect(JSON.parse(stalledReady.body)).toMatchObject({ status: 'not_ready', checks: { main_thread: { healthy: false, error: expect.stringMatching(/^event loop stalled for 60\d ms$/) } } });
    heartbeat.set(2500);
    const stalledLive = worker.answer(ask('live', true)) as FrontAnswer;
    expect(stalledLive.statusCode).toBe(503);
    expect(stalledLive.body).toMatch(/^\[-\]main_thread failed: event loop stalled for 250\d ms\nlivez check failed \(not_alive\)\n$/);
  });

  it('keeps readiness up through a stall when readyStallMs is false', () => {
    const heartbeat = new ScriptedHeartbeat();
    const { worker } = backend(heartbeat, { ...TIMING, readyStallMs: false as unknown as number });
    heartbeat.set(1900);
    expect((worker.answer(ask('ready')) as FrontAnswer).statusCode).toBe(200);
  });

  it('forwards deep even when the heartbeat is stale, and answers 503 with the stall after the largest timeout + answerWithinMs', async () => {
    const heartbeat = new ScriptedHeartbeat();
    const { worker, asked } = backend(heartbeat);
    heartbeat.set(1000);
    const { answer, ms } = await timed(worker.answer(ask('deep')));
    expect(asked.map((each) => each.ask.target)).toEqual(['deep']);
    expect(ms).toBeGreaterThanOrEqual(495);
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body).checks.main_thread.error).toMatch(/^event loop stalled for 1\d{3} ms$/);
  });
});
