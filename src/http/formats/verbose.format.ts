import type { ProbeReport } from '../../probes/probe-report.js';
import { routeOf } from '../health-routes.js';
import { shownReason } from './json.format.js';

/** kube-apiserver style: `[+]name ok`, `[-]name failed: reason` for any failed check, then whether the probe passed. */
export function verboseText(report: ProbeReport): string {
  let text = '';
  for (const result of report.checks ?? []) {
    if (result.state === 'failed') {
      const reason = shownReason(result);
      // one line per check, whatever the reason contains
      text += `[-]${result.name} failed${reason !== undefined ? `: ${reason.replace(/\s*[\r\n]+\s*/g, ' ')}` : ''}\n`;
    } else {
      text += `[+]${result.name} ok\n`;
    }
  }
  return `${text}${routeOf(report.probe).verboseName} check ${report.ok ? 'passed' : `failed (${report.status})`}\n`;
}
