import type { CheckResult, ProbeReport } from '../../probes/probe-report.js';
import type { SystemSnapshot } from '../../system/system-sampler.js';
import { checkCard, shownState } from './html-check.js';
import { PAGE_STYLE } from './html-style.js';
import { html, type SafeHtml } from './html-template.js';
import type { BodyContext } from './wire-format.js';

/** The page reloads itself this often (a plain meta refresh: no script); each reload runs every check fresh. */
export const REFRESH_SECONDS = 10;

function overallState(report: ProbeReport): 'healthy' | 'degraded' | 'failed' | 'unknown' {
  if (report.status === 'starting') return 'unknown';
  if (!report.ok) return 'failed';
  return (report.checks ?? []).some((result) => shownState(result) !== 'healthy') ? 'degraded' : 'healthy';
}

function uptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

/** `2 healthy, 1 failed (database)`: the count per shown state, naming the checks that are not healthy. */
function summary(checks: readonly CheckResult[]): string {
  const parts: string[] = [];
  for (const state of ['healthy', 'degraded', 'failed'] as const) {
    const matching = checks.filter((result) => shownState(result) === state);
    if (matching.length === 0) continue;
    parts.push(state === 'healthy' ? `${matching.length} healthy` : `${matching.length} ${state} (${matching.map((result) => result.name).join(', ')})`);
  }
  return `${checks.length} ${checks.length === 1 ? 'check' : 'checks'}: ${parts.join(', ')}`;
}

function systemBlock(system: SystemSnapshot | undefined): SafeHtml | string {
  if (system === undefined) return '';
  const rows = Object.entries(system).map(([key, value]) => html`<dt>${key}</dt><dd>${value === null ? 'n/a' : String(value)}</dd>`);
  return html`<section class="system card unknown"><h2>System</h2><dl>${rows}</dl></section>`;
}

/**
 * The operator page of the deep route: self-contained (inline CSS and SVG, no script, nothing loaded from
 * anywhere), every value escaped, readable on a phone, reloading itself every REFRESH_SECONDS.
 */
export function htmlPage(report: ProbeReport, context: BodyContext): string {
  const rendered = new Date().toISOString();
  const checks = report.checks ?? [];
  const state = overallState(report);
  const version = context.version === undefined ? '' : ` · version ${context.version}`;
  const cards = checks.length === 0 ? html`<p class="empty">No checks ran: the deep route answers ${report.status}.</p>` : checks.map((result) => checkCard(result, context.historyRuns ?? 0));
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${report.status} · deep health${version}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="overall ${state}">
<h1><span class="badge">${report.status}</span> Deep health</h1>
<p class="meta">${checks.length > 0 ? summary(checks) : 'no checks'}</p>
<p class="meta">Up ${uptime(context.uptimeSeconds)}${version} · rendered <time datetime="${rendered}">${rendered}</time> · refreshes every ${REFRESH_SECONDS} s</p>
</header>
<main>
<section class="checks">${cards}</section>
${systemBlock(report.system)}
</main>
<footer>nestjs-health deep view: this page runs no script and loads nothing; it reloads itself every ${REFRESH_SECONDS} s, running every check fresh.</footer>
</body>
</html>
`;
  return page.markup;
}
