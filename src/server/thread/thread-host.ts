import { Worker } from 'node:worker_threads';
import { isThenable } from '../../is-thenable.js';
import type { FrontAnswer, FrontConfig, ProbeAsk, ProbeBackend } from '../probe-routes.js';
import { serverMessages } from '../probe-server.messages.js';
import { Heartbeat } from './heartbeat.js';
import { PROBE_WORKER_SOURCE } from './worker-source.js';
import type { MainMessage, ProbeWorkerData, Publication, ThreadTiming, WorkerMessage } from './worker-protocol.js';

/** Small heaps: the worker holds a server, the published reports and the answers in flight, nothing more. */
export const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4, codeRangeSizeMb: 8, stackSizeMb: 1 } as const;
const CLOSE_GRACE_MS = 2_000;
const RESTART_DELAY_MS = 1_000;
const INTERNAL_ERROR: FrontAnswer = Object.freeze({ statusCode: 500, contentType: 'application/json; charset=utf-8', body: '{"message":"Internal Server Error","statusCode":500}' });

/** Where the main thread's current reports come from, and how it hears that they changed (CurrentReports). */
export interface PublishedReports {
  publication(): Publication;
  watch(listener: (publication: Publication) => void): void;
  unwatch(): void;
}

export interface ThreadHostOptions {
  readonly front: FrontConfig;
  readonly timing: ThreadTiming;
  readonly version?: string;
  readonly historyRuns: number;
  /** answers the worker's questions on the main thread */
  readonly backend: ProbeBackend;
  readonly reports: PublishedReports;
  readonly onError: (message: string) => void;
}

/** Thrown when the worker's server cannot bind: the code of the bind error (EADDRINUSE, …). */
export class ListenFailed extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * The main thread's side of thread mode: writes the heartbeat from an unref'd timer every tick, publishes each
 * probe's current report whenever it changes, answers the worker's questions, and runs the worker — unref'd, so
 * it never keeps the process alive; started again if it dies; ended on close.
 */
export class ThreadHost {
  private readonly heartbeat = new Heartbeat();
  private timer?: NodeJS.Timeout;
  private worker?: Worker;
  private closing = false;
  private port: number;
  private restart?: NodeJS.Timeout;

  constructor(private readonly options: ThreadHostOptions) {
    this.port = options.front.port;
  }

  /** Starts the heartbeat and the worker; resolves with the port once the worker listens. */
  async start(): Promise<number> {
    this.heartbeat.beat();
    this.timer = setInterval(() => this.heartbeat.beat(), this.options.timing.tickMs).unref();
    this.options.reports.watch((publication) => this.send({ type: 'publish', publication }));
    try {
      this.port = await this.spawn();
    } catch (error) {
      await this.close();
      throw error;
    }
    return this.port;
  }

  /** Ends the worker (its server closes first) and the heartbeat. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    clearTimeout(this.restart);
    this.options.reports.unwatch();
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies MainMessage);
    const grace = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  private spawn(): Promise<number> {
    const data: ProbeWorkerData = {
      front: { ...this.options.front, port: this.port },
      timing: this.options.timing,
      heartbeat: this.heartbeat.buffer,
      version: this.options.version,
      historyRuns: this.options.historyRuns,
      publication: this.options.reports.publication(),
    };
    // no execArgv: loaders and flags of the app (a TypeScript register hook, say) have no business in the worker
    const worker = new Worker(PROBE_WORKER_SOURCE, { eval: true, workerData: data, resourceLimits: WORKER_RESOURCE_LIMITS, execArgv: [] });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let listening = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ask') return this.ask(message.id, message.ask, message.deadline);
        if (message.type === 'failed') return this.options.onError(serverMessages.answerFailed(message.reason));
        if (message.type === 'listen-failed') return reject(new ListenFailed(message.code));
        listening = true;
        worker.unref();
        resolve(message.port);
      });
      worker.on('error', (error) => (listening ? this.options.onError(serverMessages.workerFailed(error.message)) : reject(error)));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (!listening) return reject(new Error(serverMessages.workerFailed(`exit code ${code}`)));
        if (this.closing) return;
        this.options.onError(serverMessages.workerFailed(`exit code ${code}`));
        this.restart = setTimeout(() => void this.spawn().catch((error: unknown) => this.options.onError(String(error))), RESTART_DELAY_MS).unref();
      });
    });
  }

  private ask(id: number, ask: ProbeAsk, deadline: number): void {
    // the worker answered without us already: a question that waited out a stall is not worth a probe run
    if (Date.now() > deadline) return;
    const reply = (answer: FrontAnswer) => this.send({ type: 'answer', id, answer });
    const failed = (error: unknown) => {
      this.options.onError(serverMessages.answerFailed(error instanceof Error ? error.message : String(error)));
      reply(INTERNAL_ERROR);
    };
    try {
      const answer = this.options.backend.answer(ask);
      if (isThenable<FrontAnswer>(answer)) answer.then(reply, failed);
      else reply(answer);
    } catch (error) {
      failed(error);
    }
  }

  private send(message: MainMessage): void {
    if (!this.closing) this.worker?.postMessage(message);
  }
}
