import type { Probe } from '../../checks/check.types.js';
import { DEEP_HEADERS, HTML_HEADERS } from '../../http/formats/answer-headers.js';
import { chooseFormat } from '../../http/formats/content-negotiation.js';
import { formatReport } from '../../http/formats/wire-format.js';
import type { ProbeReport } from '../../probes/probe-report.js';
import type { FrontAnswer, ProbeAsk, ProbeBackend } from '../probe-routes.js';
import type { Heartbeat } from './heartbeat.js';
import { fallbackReport, isOnSchedule, stallReason, unansweredDeep } from './stall-rules.js';
import type { ProbeWorkerData, Publication, ThreadTiming, WorkerMessage } from './worker-protocol.js';

/** A scrape is no probe: Prometheus' default scrape timeout. */
export const METRICS_WAIT_MS = 10_000;

type Settle = (answer: FrontAnswer) => void;

/**
 * The worker thread's answers (DESIGN "Part 2", thread mode). While the main thread keeps its heartbeat on schedule
 * a probe is asked of it and waits at most `answerWithinMs` — less if a beat turns half a tick late meanwhile;
 * otherwise, and when the main thread does not answer, it is answered from the latest published report with the
 * stall rules.
 * Deep and `/metrics` are always asked of the main thread, deep with the largest check timeout + answerWithinMs.
 */
export class WorkerBackend implements ProbeBackend {
  private publication: Publication;
  private readonly pending = new Map<number, Settle>();
  private nextId = 1;
  private readonly timing: ThreadTiming;
  private readonly version?: string;
  private readonly historyRuns: number;

  constructor(
    private readonly post: (message: WorkerMessage) => void,
    private readonly heartbeat: Heartbeat,
    data: ProbeWorkerData,
  ) {
    this.publication = data.publication;
    this.timing = data.timing;
    this.version = data.version;
    this.historyRuns = data.historyRuns;
  }

  publish(publication: Publication): void {
    this.publication = publication;
  }

  /** The main thread's answer to question `id`; ignored when the question was already answered without it. */
  settle(id: number, answer: FrontAnswer): void {
    this.pending.get(id)?.(answer);
  }

  answer(ask: ProbeAsk): FrontAnswer | Promise<FrontAnswer> {
    const { target } = ask;
    if (target === 'deep') {
      const waitMs = this.publication.deepTimeoutMs + this.timing.answerWithinMs;
      return this.forward(ask, waitMs, false, () => this.format(unansweredDeep(this.heartbeat.ageMs(), waitMs, this.timing), ask));
    }
    if (target === 'metrics') return this.forward(ask, METRICS_WAIT_MS, false, () => this.metricsStalled());
    if (!isOnSchedule(this.heartbeat.ageMs(), this.timing)) return this.fallback(target, ask);
    return this.forward(ask, this.timing.answerWithinMs, true, () => this.fallback(target, ask));
  }

  private fallback(probe: Probe, ask: ProbeAsk): FrontAnswer {
    return this.format(fallbackReport(probe, this.publication.reports[probe], this.heartbeat.ageMs(), this.timing), ask);
  }

  /** In the format and with the headers HealthAnswers would give (the operator page for a browser on deep). */
  private format(report: ProbeReport, ask: ProbeAsk): FrontAnswer {
    const deep = report.probe === 'deep';
    const format = chooseFormat(ask.verbose, ask.accept, deep);
    const body = formatReport(format, report, { version: this.version, uptimeSeconds: Math.floor(process.uptime()), historyRuns: this.historyRuns });
    const headers = format === 'html' ? HTML_HEADERS : deep ? DEEP_HEADERS : undefined;
    return { statusCode: report.ok ? 200 : 503, contentType: body.contentType, body: body.body, headers };
  }

  private metricsStalled(): FrontAnswer {
    return { statusCode: 503, contentType: 'text/plain; charset=utf-8', body: `metrics unavailable: ${stallReason(this.heartbeat.ageMs())}\n` };
  }

  /** Asks the main thread; after `waitMs` (or once a beat is late, when `whileOnSchedule`) answers `otherwise()`. */
  private forward(ask: ProbeAsk, waitMs: number, whileOnSchedule: boolean, otherwise: () => FrontAnswer): Promise<FrontAnswer> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const startedAt = performance.now();
      let timer: NodeJS.Timeout;
      const finish: Settle = (answer) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        resolve(answer);
      };
      const wake = () => {
        const waited = performance.now() - startedAt;
        if (waited >= waitMs || (whileOnSchedule && !isOnSchedule(this.heartbeat.ageMs(), this.timing))) return finish(otherwise());
        timer = setTimeout(wake, this.nextWake(waitMs - waited, whileOnSchedule));
      };
      this.pending.set(id, finish);
      this.post({ type: 'ask', id, ask, deadline: Date.now() + waitMs });
      timer = setTimeout(wake, this.nextWake(waitMs, whileOnSchedule));
    });
  }

  /** The wait left, or less: the moment the next beat would be half a tick late if none comes. */
  private nextWake(leftMs: number, whileOnSchedule: boolean): number {
    if (!whileOnSchedule) return leftMs;
    const untilLateMs = 1.5 * this.timing.tickMs - this.heartbeat.ageMs();
    return Math.max(1, Math.min(leftMs, untilLateMs));
  }
}
