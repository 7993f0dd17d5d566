import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { ProbeReport } from '../../src/probes/probe-report.js';
import type { FrontAnswer, ProbeAsk } from '../../src/server/probe-routes.js';
import { ThreadHost } from '../../src/server/thread/thread-host.js';
import type { Publication } from '../../src/server/thread/worker-protocol.js';

const report = (probe: ProbeReport['probe'], status: ProbeReport['status'], ok: boolean): ProbeReport => ({ probe, status, ok });
const PUBLISHED: Publication = {
  reports: { live: report('live', 'alive', true), ready: report('ready', 'ready', true), startup: report('startup', 'started', true) },
  deepTimeoutMs: 500,
};

/** A main thread that answers live at once and never answers ready, so ready is always answered from what was published. */
function host() {
  const errors: string[] = [];
  let publish: ((publication: Publication) => void) | undefined;
  const threadHost = new ThreadHost({
    front: { port: 0, host: '127.0.0.1', routes: [['/health/live', 'live'], ['/health/ready', 'ready']], deep: 'token' },
    timing: { tickMs: 50, stallMs: 1000, readyStallMs: 500, answerWithinMs: 100 },
    historyRuns: 60,
    backend: {
      answer: (ask: ProbeAsk): FrontAnswer | Promise<FrontAnswer> =>
        ask.target === 'live' ? { statusCode: 200, contentType: 'application/json; charset=utf-8', body: '{"status":"alive","from":"main"}' } : new Promise<never>(() => undefined),
    },
    reports: { publication: () => PUBLISHED, watch: (listener) => (publish = listener), unwatch: () => (publish = undefined) },
    onError: (message) => errors.push(message),
  });
  return { threadHost, errors, publish: (publication: Publication) => publish?.(publication) };
}

describe('the worker thread\'s host on the main thread', () => {
  it('answers from the main thread when it can, and from what it last published when it does not answer', async () => {
    const { threadHost, publish } = host();
    const port = await threadHost.start();
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/health/live`)).json()).toEqual({ status: 'alive', from: 'main' });
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      publish({ ...PUBLISHED, reports: { ...PUBLISHED.reports, ready: report('ready', 'not_ready', false) } });
      await sleep(50);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready' });
    } finally {
      await threadHost.close();
    }
  });

  it('starts a worker that died again on the same port, saying so in the log, and closes cleanly', async () => {
    const { threadHost, errors } = host();
    const port = await threadHost.start();
    await (threadHost as unknown as { worker: Worker }).worker.terminate();
    expect(errors).toEqual([expect.stringMatching(/^Health probe server: the worker thread stopped unexpectedly \(exit code \d+\); starting it again$/)]);
    let status = 0;
    for (let waited = 0; status !== 200 && waited < 5000; waited += 100) {
      await sleep(100);
      status = await fetch(`http://127.0.0.1:${port}/health/live`).then((answer) => answer.status, () => 0);
    }
    expect(status).toBe(200);
    await threadHost.close();
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('closes at once when its worker is already gone', async () => {
    const { threadHost } = host();
    await threadHost.start();
    await (threadHost as unknown as { worker: Worker }).worker.terminate();
    const started = Date.now();
    await threadHost.close();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
