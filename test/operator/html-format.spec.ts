import { describe, expect, it } from '@jest/globals';
import { chooseFormat } from '../../src/http/formats/content-negotiation.js';
import { sparkline } from '../../src/http/formats/html-sparkline.js';
import { escapeHtml, html } from '../../src/http/formats/html-template.js';
import { htmlPage, REFRESH_SECONDS } from '../../src/http/formats/html.format.js';
import type { CheckRun } from '../../src/history/check-history.js';
import type { CheckResult, ProbeReport } from '../../src/probes/probe-report.js';
import { BROWSER_ACCEPT } from './operator-app.js';

const HOSTILE = `<script>alert("x")</script>'&`;

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return { name: 'database', state: 'healthy', critical: true, passes: true, latencyMs: 2.5, finishedAt: Date.UTC(2026, 0, 1), reasonShown: true, cached: false, ...overrides };
}

const run = (state: CheckRun['state'], latencyMs: number, at = Date.UTC(2026, 0, 1)): CheckRun => ({ at, state, latencyMs });

describe('the html template', () => {
  it('escapes every interpolated value, in text and in attributes, arrays included', () => {
    const written = html`<p title="${HOSTILE}">${HOSTILE}${[HOSTILE, 1]}</p>`.markup;
    expect(written).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;1</p>',
    );
  });

  it('nests templates without escaping them twice, and writes nothing for undefined, null and false', () => {
    expect(html`<div>${html`<b>${'<i>'}</b>`}${undefined}${null}${false}</div>`.markup).toBe('<div><b>&lt;i&gt;</b></div>');
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });
});

describe('the sparkline', () => {
  it('draws one bar per run, oldest left and the newest at the right edge, latency as height (square-root scale) and state as colour', () => {
    const svg = sparkline([run('healthy', 10), run('failed', 0.5), run('degraded', 20)], 60).markup;
    const bars = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="3" height="(\d+)" fill="([^"]+)" data-state="(\w+)">/g)];
    expect(bars.map(([, x, , height, , state]) => ({ x: Number(x), height: Number(height), state }))).toEqual([
      { x: 57 * 4, height: 28, state: 'healthy' },
      { x: 58 * 4, height: 6, state: 'failed' },
      { x: 59 * 4, height: 40, state: 'degraded' },
    ]);
    expect(new Set(bars.map((bar) => bar[4])).size).toBe(3);
    expect(svg).toContain('viewBox="0 0 240 40"');
    expect(svg).toContain('Last 3 runs: 1 healthy, 1 degraded, 1 failed; latency median 10 ms, max 20 ms');
  });

  it('says there is nothing yet rather than drawing an empty chart', () => {
    expect(sparkline([], 60).markup).toBe('<p class="empty">No runs recorded yet.</p>');
  });
});

describe('the page', () => {
  const report: ProbeReport = {
    probe: 'deep',
    status: 'not_ready',
    ok: false,
    checks: [
      result({
        name: HOSTILE,
        state: 'failed',
        passes: false,
        reason: HOSTILE,
        details: { [HOSTILE]: HOSTILE, nested: { [HOSTILE]: [HOSTILE] } },
        failing: '2/3',
        history: {
          runs: [run('healthy', 1), run('failed', 2)],
          transitions: [{ check: HOSTILE, from: 'healthy', to: 'failed', reason: HOSTILE, at: '2026-01-01T00:00:00.000Z' }],
        },
      }),
    ],
    system: { cpu_percent: 3.1, memory_percent: 41, disk_percent: null, heap_used_mb: 48.2, rss_mb: 96, event_loop_delay_ms: 1.2, pid: 1, node: 'v20.20.2' },
  };
  const page = htmlPage(report, { version: HOSTILE, uptimeSeconds: 3725, historyRuns: 60 });

  it('holds no markup from any value: name, reason, details, transition, version', () => {
    expect(page).not.toContain('<script');
    expect(page).not.toContain(HOSTILE);
    // the name, the reason (card and timeline), the detail key and value, the nested detail, the title, the version
    expect(page.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;').length - 1).toBeGreaterThanOrEqual(8);
  });

  it('shows the overall status, uptime, failing count, system figures and when it was rendered, and refreshes itself', () => {
    expect(page).toContain('<span class="badge">not_ready</span>');
    expect(page).toContain('Up 1 h 2 min');
    expect(page).toContain('<dt>failing</dt><dd>2/3 consecutive runs (tolerated by failAfter)</dd>');
    expect(page).toContain('<dt>disk_percent</dt><dd>n/a</dd>');
    expect(page).toContain(`<meta http-equiv="refresh" content="${REFRESH_SECONDS}">`);
    expect(page).toMatch(/rendered <time datetime="\d{4}-\d\d-\d\dT[^"]+Z">/);
  });

  it('renders a starting deep route without checks', () => {
    const starting = htmlPage({ probe: 'deep', status: 'starting', ok: false }, { uptimeSeconds: 1 });
    expect(starting).toContain('No checks ran: the deep route answers starting.');
    expect(starting).toContain('<header class="overall unknown">');
  });
});

describe('negotiating the page', () => {
  it('is offered on the deep route only, to a request that names text/html above both JSON types', () => {
    expect(chooseFormat(false, BROWSER_ACCEPT, true)).toBe('html');
    expect(chooseFormat(false, BROWSER_ACCEPT, false)).toBe('json');
    expect(chooseFormat(true, BROWSER_ACCEPT, true)).toBe('verbose');
    expect(chooseFormat(false, 'text/html;q=0.5, application/health+json', true)).toBe('health+json');
    expect(chooseFormat(false, 'TEXT/HTML', true)).toBe('html');
    for (const accept of [undefined, '*/*', 'application/json', 'text/*', 'text/html;q=0', 'application/json;q=0.9, text/html;q=0.9']) {
      expect({ accept, format: chooseFormat(false, accept, true) }).toEqual({ accept, format: 'json' });
    }
  });
});
