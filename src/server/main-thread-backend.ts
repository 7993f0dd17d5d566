import type { Probe } from '../checks/check.types.js';
import type { HealthAnswer } from '../http/health-answers.js';
import type { FrontAnswer, ProbeAsk, ProbeBackend } from './probe-routes.js';

/** What the backend needs of HealthAnswers: one probe's answer in the negotiated format. */
export interface ProbeAnswers {
  answer(probe: Probe | 'deep', accept: string | undefined, verbose: boolean, history: boolean): HealthAnswer | Promise<HealthAnswer>;
}

/** The text of a prom-client registry, as `/metrics` serves it. */
export type MetricsText = () => Promise<{ readonly contentType: string; readonly body: string }>;

const METRICS_UNAVAILABLE: FrontAnswer = Object.freeze({ statusCode: 503, contentType: 'text/plain; charset=utf-8', body: 'metrics unavailable\n' });

/**
 * Answers the probe server's requests on the main thread, exactly as the mounted routes do (the same
 * HealthAnswers): directly in the default mode, and for the worker's questions in thread mode.
 */
export class MainThreadBackend implements ProbeBackend {
  constructor(
    private readonly answers: ProbeAnswers,
    private readonly metrics: MetricsText | undefined,
    private readonly onMetricsError: (error: unknown) => void,
  ) {}

  answer(ask: ProbeAsk): FrontAnswer | Promise<FrontAnswer> {
    if (ask.target !== 'metrics') return this.answers.answer(ask.target, ask.accept, ask.verbose, ask.history);
    if (this.metrics === undefined) return METRICS_UNAVAILABLE;
    // a collect() callback of the app's own metrics may throw: the scrape fails, the reason goes to the log only
    return this.metrics().then(
      ({ contentType, body }) => ({ statusCode: 200, contentType, body }),
      (error: unknown) => {
        this.onMetricsError(error);
        return METRICS_UNAVAILABLE;
      },
    );
  }
}
