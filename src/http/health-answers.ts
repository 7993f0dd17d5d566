import { Inject, Injectable } from '@nestjs/common';
import type { ProbeOrDeep } from '../checks/check.types.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { isThenable } from '../is-thenable.js';
import { ProbeEvaluator } from '../probes/probe-evaluator.js';
import type { ProbeReport } from '../probes/probe-report.js';
import { chooseFormat, type HealthFormat } from './formats/content-negotiation.js';
import { DEEP_HEADERS, HTML_HEADERS } from './formats/answer-headers.js';
import { formatReport, type FormattedBody } from './formats/wire-format.js';

/** A probe's answer, ready for any HTTP server: the app's adapter or the module's own probe server. */
export interface HealthAnswer extends FormattedBody {
  readonly statusCode: 200 | 503;
  /** further response headers every server sends with this answer (the deep route's `Vary`, the HTML page's CSP, …) */
  readonly headers?: Readonly<Record<string, string>>;
}

interface CachedBody {
  readonly uptimeSeconds: number;
  readonly answer: HealthAnswer;
}

/**
 * Evaluates a probe and writes its body in the negotiated format. The one body cache: the evaluator returns the
 * same report while nothing changed, so a public JSON body is written once per report and uptime second.
 */
@Injectable()
export class HealthAnswers {
  private readonly bodies = new WeakMap<ProbeReport, CachedBody>();

  constructor(
    private readonly evaluator: ProbeEvaluator,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /**
   * `history` (the deep route's `?history`) adds each check's history to a deep JSON body; a browser asking the deep
   * route for `text/html` gets the operator page, which always shows it. Public routes never answer HTML.
   */
  answer(probe: ProbeOrDeep, accept: string | undefined, verbose: boolean, history = false): HealthAnswer | Promise<HealthAnswer> {
    const deep = probe === 'deep';
    const format = chooseFormat(verbose, accept, deep);
    const report = this.evaluator.evaluate(probe, deep && (history || format === 'html'));
    if (isThenable<ProbeReport>(report)) return report.then((settled) => this.write(settled, format));
    return this.write(report, format);
  }

  private write(report: ProbeReport, format: HealthFormat): HealthAnswer {
    const uptimeSeconds = Math.floor(process.uptime());
    const cacheable = format === 'json' && report.probe !== 'deep';
    if (cacheable) {
      const cached = this.bodies.get(report);
      if (cached !== undefined && cached.uptimeSeconds === uptimeSeconds) return cached.answer;
    }
    const historyRuns = this.options.history === false ? 0 : this.options.history.runs;
    const formatted = formatReport(format, report, { version: this.options.version, uptimeSeconds, historyRuns });
    const headers = format === 'html' ? HTML_HEADERS : report.probe === 'deep' ? DEEP_HEADERS : undefined;
    const answer: HealthAnswer = { statusCode: report.ok ? 200 : 503, contentType: formatted.contentType, body: formatted.body, headers };
    if (cacheable) this.bodies.set(report, { uptimeSeconds, answer });
    return answer;
  }
}
