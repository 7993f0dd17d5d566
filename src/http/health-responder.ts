import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ProbeOrDeep } from '../checks/check.types.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { HealthService } from '../probes/health.service.js';
import type { ProbeReport } from '../probes/probe-report.js';
import { chooseFormat, formatReport, type BodyContext, type FormattedBody } from './health-formats.js';

interface HealthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query?: Readonly<Record<string, unknown>>;
}

/**
 * Answers a probe on the app's own HTTP adapter. The status is set on the reply, never thrown, so the app's
 * exception filters and interceptors cannot reshape a health body.
 */
@Injectable()
export class HealthResponder {
  private readonly jsonBodies = new WeakMap<ProbeReport, { readonly uptimeSeconds: number; readonly formatted: FormattedBody }>();

  constructor(
    private readonly health: HealthService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  respond(probe: ProbeOrDeep, request: HealthRequest, response: unknown): void | Promise<void> {
    const report = this.health.evaluate(probe);
    if ('then' in report) return report.then((settled) => this.send(settled, request, response));
    this.send(report, request, response);
  }

  private send(report: ProbeReport, request: HealthRequest, response: unknown): void {
    const accept = request.headers.accept;
    const verbose = request.query !== undefined && request.query !== null && 'verbose' in request.query;
    const format = chooseFormat(verbose, typeof accept === 'string' ? accept : accept?.join(','));
    const context: BodyContext = { version: this.options.version, uptimeSeconds: Math.floor(process.uptime()) };
    const { contentType, body } =
      format === 'json' && report.probe !== 'deep' ? this.defaultJson(report, context) : formatReport(format, report, context);
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Content-Type', contentType);
    adapter.reply(response, body, report.ok ? 200 : 503);
  }

  /** HealthService reuses a report while nothing changed: its JSON body then only changes when uptime ticks. */
  private defaultJson(report: ProbeReport, context: BodyContext): FormattedBody {
    const memo = this.jsonBodies.get(report);
    if (memo !== undefined && memo.uptimeSeconds === context.uptimeSeconds) return memo.formatted;
    const formatted = formatReport('json', report, context);
    this.jsonBodies.set(report, { uptimeSeconds: context.uptimeSeconds, formatted });
    return formatted;
  }
}
