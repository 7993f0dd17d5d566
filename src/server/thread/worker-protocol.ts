import type { Probe } from '../../checks/check.types.js';
import type { ProbeReport } from '../../probes/probe-report.js';
import type { FrontAnswer, FrontConfig, ProbeAsk } from '../probe-routes.js';

/** Thread mode's durations (DESIGN "Part 2"), resolved and validated on the main thread. */
export interface ThreadTiming {
  readonly tickMs: number;
  readonly stallMs: number;
  readonly readyStallMs: number | false;
  readonly answerWithinMs: number;
}

/** What the worker answers from when the main thread cannot: each public probe's latest report. */
export interface Publication {
  readonly reports: Readonly<Record<Probe, ProbeReport>>;
  /** the largest timeout of any check: deep waits this long plus answerWithinMs for the main thread */
  readonly deepTimeoutMs: number;
}

/** The worker's `workerData`: plain data and the heartbeat's shared memory, nothing else of the main thread. */
export interface ProbeWorkerData {
  readonly front: FrontConfig;
  readonly timing: ThreadTiming;
  readonly heartbeat: SharedArrayBuffer;
  readonly version?: string;
  /** the runs a check's history holds when full (the operator page's sparkline width) */
  readonly historyRuns: number;
  readonly publication: Publication;
}

export type WorkerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'listen-failed'; readonly code: string }
  | { readonly type: 'ask'; readonly id: number; readonly ask: ProbeAsk; readonly deadline: number }
  | { readonly type: 'failed'; readonly reason: string };

export type MainMessage =
  | { readonly type: 'answer'; readonly id: number; readonly answer: FrontAnswer }
  | { readonly type: 'publish'; readonly publication: Publication }
  | { readonly type: 'close' };
