import { Inject, Injectable } from '@nestjs/common';
import type { ProbeOrDeep } from '../checks/check.types.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { isThenable } from '../is-thenable.js';
import { ProbeEvaluator } from '../probes/probe-evaluator.js';
import type { ProbeReport } from '../probes/probe-report.js';
import { chooseFormat } from './formats/content-negotiation.js';
import { formatReport, type FormattedBody } from './formats/wire-format.js';

/** A probe's answer, ready for any HTTP server: the app's adapter or the module's own probe server. */
export interface HealthAnswer extends FormattedBody {
  readonly statusCode: 200 | 503;
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

  answer(probe: ProbeOrDeep, accept: string | undefined, verbose: boolean): HealthAnswer | Promise<HealthAnswer> {
    const report = this.evaluator.evaluate(probe);
    if (isThenable<ProbeReport>(report)) return report.then((settled) => this.write(settled, accept, verbose));
    return this.write(report, accept, verbose);
  }

  private write(report: ProbeReport, accept: string | undefined, verbose: boolean): HealthAnswer {
    const format = chooseFormat(verbose, accept);
    const uptimeSeconds = Math.floor(process.uptime());
    const cacheable = format === 'json' && report.probe !== 'deep';
    if (cacheable) {
      const cached = this.bodies.get(report);
      if (cached !== undefined && cached.uptimeSeconds === uptimeSeconds) return cached.answer;
    }
    const formatted = formatReport(format, report, { version: this.options.version, uptimeSeconds });
    const answer: HealthAnswer = { statusCode: report.ok ? 200 : 503, contentType: formatted.contentType, body: formatted.body };
    if (cacheable) this.bodies.set(report, { uptimeSeconds, answer });
    return answer;
  }
}
