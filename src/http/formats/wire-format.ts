import type { ProbeReport } from '../../probes/probe-report.js';
import { healthJsonBody } from './health-json.format.js';
import { jsonBody } from './json.format.js';
import { htmlPage } from './html.format.js';
import { verboseText } from './verbose.format.js';
import { HEALTH_JSON, type HealthFormat } from './content-negotiation.js';

/** What every body shows besides the report. */
export interface BodyContext {
  readonly version?: string;
  readonly uptimeSeconds: number;
  /** the runs each check's history holds when full (the HTML sparkline's width); 0 when none are kept */
  readonly historyRuns?: number;
}

export interface FormattedBody {
  readonly contentType: string;
  readonly body: string;
}

export function formatReport(format: HealthFormat, report: ProbeReport, context: BodyContext): FormattedBody {
  switch (format) {
    case 'verbose':
      return { contentType: 'text/plain; charset=utf-8', body: verboseText(report) };
    case 'html':
      return { contentType: 'text/html; charset=utf-8', body: htmlPage(report, context) };
    case 'health+json':
      return { contentType: `${HEALTH_JSON}; charset=utf-8`, body: JSON.stringify(healthJsonBody(report, context)) };
    default:
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(jsonBody(report, context)) };
  }
}
