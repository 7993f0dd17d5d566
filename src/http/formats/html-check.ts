import type { HealthTransition } from '../../health-events.js';
import type { CheckResult } from '../../probes/probe-report.js';
import { html, type SafeHtml } from './html-template.js';
import { sparkline } from './html-sparkline.js';

/** The colour a check is shown in: a failed non-critical check does not fail readiness, so it reads as degraded. */
export function shownState(result: CheckResult): 'healthy' | 'degraded' | 'failed' {
  if (!result.passes) return 'failed';
  return result.state === 'healthy' ? 'healthy' : 'degraded';
}

const isoTime = (epochMs: number) => new Date(epochMs).toISOString();

/** A detail as text: strings as they are, anything else as the JSON the deep body carries. */
function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function details(result: CheckResult): SafeHtml | undefined {
  const entries = result.details === undefined ? [] : Object.keys(result.details);
  if (entries.length === 0) return undefined;
  const rows = entries.map((key) => html`<dt>${key}</dt><dd><code>${detailText(result.details![key])}</code></dd>`);
  return html`<h3>Details</h3><dl class="details">${rows}</dl>`;
}

/** Newest first: what changed last is what the on-call engineer reads first. */
function timeline(transitions: readonly HealthTransition[]): SafeHtml {
  if (transitions.length === 0) return html`<p class="empty">No transitions recorded: the check has kept its first state.</p>`;
  const items = [...transitions].reverse().map(
    (transition) =>
      html`<li class="${transition.to === 'failed' ? 'failed' : transition.to}"><time datetime="${transition.at}">${transition.at}</time> ${transition.from} → <strong>${transition.to}</strong>${
        transition.reason === undefined ? '' : html`<p class="reason">${transition.reason}</p>`
      }</li>`,
  );
  return html`<ol class="timeline">${items}</ol>`;
}

function history(result: CheckResult, runCapacity: number): SafeHtml {
  if (result.history === undefined) return html`<p class="empty">No history is kept (the module's history option is false).</p>`;
  return html`<h3>Recent runs</h3>${sparkline(result.history.runs, runCapacity)}<h3>Transitions</h3>${timeline(result.history.transitions)}`;
}

/** One check's card: state, latency, when it ran, its last reason, details, recent runs and transitions. */
export function checkCard(result: CheckResult, runCapacity: number): SafeHtml {
  const state = shownState(result);
  const criticality = result.critical ? 'yes' : 'no (a failure only degrades)';
  return html`<article class="card ${state}" data-check-state="${result.state}">
<header><h2>${result.name}</h2><span class="badge">${result.state}</span></header>
<dl class="facts">
<dt>latency</dt><dd>${result.latencyMs} ms</dd>
<dt>checked</dt><dd><time datetime="${isoTime(result.finishedAt)}">${isoTime(result.finishedAt)}</time>${result.cached ? ' (cached)' : ''}</dd>
<dt>critical</dt><dd>${criticality}</dd>
${result.failing === undefined ? '' : html`<dt>failing</dt><dd>${result.failing} consecutive runs (tolerated by failAfter)</dd>`}
</dl>
${result.reason === undefined ? '' : html`<p class="reason">${result.reason}</p>`}
${details(result)}
${history(result, runCapacity)}
</article>`;
}
