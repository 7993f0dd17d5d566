import { setTimeout as sleep } from 'node:timers/promises';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startThrowawayPrometheus, type ThrowawayPrometheus } from '../support/throwaway-prometheus.js';
import { alertRules, interpolate, labelVariables, panelQueries, readDashboard, readPrometheusRule, scaledRuleSpec } from './support/monitoring-files.js';

// real minutes become tenths of seconds: for: 5m -> 3 s, [15m] -> 9 s; scrape and evaluate every second
const SCALE = 100;
const INTERVAL_S = 1;
const FAILING_FOR_S = 3;
const DB_CHECK_INTERVAL_MS = 500;
// a scrape, an evaluation and a check run may each add their interval; a loaded 2-core machine adds more
const DEADLINE_MS = 20_000;
const LABELS = { namespace: 'monitoring-test', pod: 'notes-0' };
const ALERT = 'HealthCriticalCheckFailing';

interface Alert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
}
interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

let postgres: ThrowawayPostgres;
let app: ChildApp;
let prometheus: ThrowawayPrometheus;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = DEADLINE_MS): Promise<T> {
  const started = performance.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const query = (promql: string) => prometheus.api<{ result: Sample[] }>('query', { query: promql }).then((data) => data.result);
const failingAlert = async () => (await prometheus.api<{ alerts: Alert[] }>('alerts')).alerts.find((alert) => alert.labels.alertname === ALERT);

beforeAll(async () => {
  postgres = await startThrowawayPostgres();
  app = await startChildApp({
    env: { DATABASE_URL: postgres.url, DB_CHECK_INTERVAL_MS: String(DB_CHECK_INTERVAL_MS), CHECK_TIMEOUT_MS: '500', DRAIN_MS: '0' },
  });
  prometheus = await startThrowawayPrometheus({
    job: 'notes',
    targets: [{ address: `127.0.0.1:${app.port}`, labels: LABELS }],
    rules: scaledRuleSpec(readPrometheusRule().spec, SCALE, `${INTERVAL_S}s`),
    scrapeIntervalS: INTERVAL_S,
    evaluationIntervalS: INTERVAL_S,
  });
  // the first scrape can come seconds after Prometheus is ready
  await waitFor('the sample app as an up target', async () => {
    const { activeTargets } = await prometheus.api<{ activeTargets: { health: string }[] }>('targets');
    return activeTargets.some((target) => target.health === 'up') || undefined;
  });
  await waitFor('database healthy and instance ready, as scraped', async () => {
    const scraped = await query('health_check_status{check="database"} == 1 and on (instance) health_ready == 1');
    return scraped.length === 1 || undefined;
  });
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([prometheus?.destroy(), app?.kill(), postgres?.destroy()]);
}, 30_000);

describe('the alert rules on a real Prometheus scraping the sample app', () => {
  it('evaluates every rule against the scraped series without an error', async () => {
    await sleep(2 * INTERVAL_S * 1000);
    const { groups } = await prometheus.api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('rules');
    const rules = groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.name).sort()).toEqual(alertRules(readPrometheusRule().spec).map((rule) => rule.alert).sort());
    for (const rule of rules) expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({ rule: rule.name, health: 'ok', error: '' });
  });

  it('raises the failing-check alert when the database dies: pending, then firing, resolved once it is back', async () => {
    expect(await failingAlert()).toBeUndefined();
    const killedAt = performance.now();
    await postgres.kill();

    const pending = await waitFor('the alert pending', async () => ((await failingAlert())?.state === 'pending' ? performance.now() : undefined));
    const firing = await waitFor('the alert firing', async () => {
      const alert = await failingAlert();
      return alert?.state === 'firing' ? { at: performance.now(), alert } : undefined;
    });
    expect(firing.alert.labels).toMatchObject({ check: 'database', severity: 'critical', ...LABELS });
    const activeForMs = Date.now() - Date.parse(firing.alert.activeAt);

    const restoredAt = performance.now();
    await postgres.start();
    const resolved = await waitFor('the alert resolved', async () => ((await failingAlert()) === undefined ? performance.now() : undefined));

    // the module counted the outage it saw, and Prometheus scraped it
    const [failed] = await query('health_check_transitions_total{check="database", to="failed"}');
    const [healthy] = await query('health_check_transitions_total{check="database", to="healthy"}');
    expect(Number(failed.value[1])).toBeGreaterThanOrEqual(1);
    expect(Number(healthy.value[1])).toBeGreaterThanOrEqual(1);
    expect(Number((await query('health_ready'))[0].value[1])).toBe(1);

    console.log(
      [
        `live alert (${ALERT}, for: ${FAILING_FOR_S} s, scrape and evaluation every ${INTERVAL_S} s, database check every ${DB_CHECK_INTERVAL_MS} ms):`,
        `  database killed -> pending ${Math.round(pending - killedAt)} ms, -> firing ${Math.round(firing.at - killedAt)} ms (active ${activeForMs} ms when seen firing)`,
        `  database restored (${Math.round(restoredAt - killedAt)} ms after the kill) -> resolved ${Math.round(resolved - restoredAt)} ms later`,
      ].join('\n'),
    );
    expect(activeForMs).toBeGreaterThanOrEqual(FAILING_FOR_S * 1000);
    expect(firing.at - pending).toBeLessThan(DEADLINE_MS);
  });

  it('answers every dashboard query with data from the series it scraped', async () => {
    const dashboard = readDashboard();
    // Grafana's own variables, as it would fill them for a 5-minute view scraped every second
    const values: Record<string, string> = { __rate_interval: '15s', __range: '5m', __interval: '1s' };
    for (const variable of labelVariables(dashboard)) {
      const selector = interpolate(variable.selector, values);
      const series = await prometheus.api<Record<string, string>[]>('series', { 'match[]': selector });
      const found = [...new Set(series.map((labels) => labels[variable.label]).filter(Boolean))];
      expect({ variable: variable.name, found: found.length > 0 }).toEqual({ variable: variable.name, found: true });
      values[variable.name] = found.length === 1 ? found[0] : `(${found.join('|')})`;
    }
    expect(values.pod).toBe(LABELS.pod);
    for (const { panel, expr } of panelQueries(dashboard)) {
      const result = await query(interpolate(expr, values));
      expect({ panel, expr, series: result.length > 0 }).toEqual({ panel, expr, series: true });
    }
  });
});
