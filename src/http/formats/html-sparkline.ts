import type { CheckState } from '../../checks/check.types.js';
import type { CheckRun } from '../../history/check-history.js';
import { round1 } from '../../round.js';
import { html, type SafeHtml } from './html-template.js';

const SLOT = 4;
const BAR = 3;
const HEIGHT = 40;
const MIN_BAR = 4;
const STATE_FILL: Readonly<Record<CheckState, string>> = { healthy: '#2f9e5f', degraded: '#d69e2e', failed: '#e53e3e' };

const isoTime = (epochMs: number) => new Date(epochMs).toISOString();

/** `58 healthy, 2 failed`: the states a window of runs held, in a fixed order. */
function stateCounts(runs: readonly CheckRun[]): string {
  const counts: Record<CheckState, number> = { healthy: 0, degraded: 0, failed: 0 };
  for (const run of runs) counts[run.state] += 1;
  return (Object.keys(counts) as CheckState[])
    .filter((state) => counts[state] > 0)
    .map((state) => `${counts[state]} ${state}`)
    .join(', ');
}

/**
 * The last runs as inline SVG bars, oldest left: height is latency (square root of its share of the slowest run
 * shown), colour is the state. The newest run sits at the right edge whatever the window holds; each bar's title names its run.
 */
export function sparkline(runs: readonly CheckRun[], capacity: number): SafeHtml {
  if (runs.length === 0) return html`<p class="empty">No runs recorded yet.</p>`;
  const slots = Math.max(capacity, runs.length);
  const slowest = runs.reduce((max, run) => Math.max(max, run.latencyMs), 0);
  const offset = slots - runs.length;
  const bars = runs.map((run, i) => {
    // a square-root scale: one cold-start outlier must not flatten every other bar
    const height = slowest > 0 ? Math.max(MIN_BAR, Math.round(Math.sqrt(run.latencyMs / slowest) * HEIGHT)) : MIN_BAR;
    const label = `${isoTime(run.at)} ${run.state} ${run.latencyMs} ms`;
    return html`<rect x="${(offset + i) * SLOT}" y="${HEIGHT - height}" width="${BAR}" height="${height}" fill="${STATE_FILL[run.state]}" data-state="${run.state}"><title>${label}</title></rect>`;
  });
  const latencies = runs.map((run) => run.latencyMs).sort((a, b) => a - b);
  const median = latencies[Math.floor((latencies.length - 1) / 2)];
  const summary = `Last ${runs.length} runs: ${stateCounts(runs)}; latency median ${round1(median)} ms, max ${round1(slowest)} ms`;
  return html`<figure>
<svg class="spark" viewBox="0 0 ${slots * SLOT} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="${summary}">${bars}</svg>
<figcaption>${summary} (from ${isoTime(runs[0].at)} to ${isoTime(runs[runs.length - 1].at)})</figcaption>
</figure>`;
}
