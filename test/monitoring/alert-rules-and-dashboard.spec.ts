import { DURATION_METRIC, READY_METRIC, STATUS_METRIC, TRANSITIONS_METRIC } from '../../src/metrics/prometheus-metrics.js';
import {
  alertRules,
  labelVariables,
  metricNamesIn,
  panelQueries,
  readDashboard,
  readPrometheusRule,
  scaledRuleSpec,
} from './support/monitoring-files.js';

const EXPORTED = [STATUS_METRIC, DURATION_METRIC, TRANSITIONS_METRIC, READY_METRIC];

describe('monitoring/prometheus-rule.yaml', () => {
  const rule = readPrometheusRule();
  const alerts = alertRules(rule.spec);

  it('is a PrometheusRule with the four alerts the operator view promises', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.metadata.name).toBe('nestjs-health');
    expect(alerts.map((alert) => alert.alert).sort()).toEqual([
      'HealthCheckFlapping',
      'HealthCheckSlow',
      'HealthCriticalCheckFailing',
      'HealthInstanceNotReady',
    ]);
  });

  it('reads only metric names the module exports', () => {
    for (const alert of alerts) {
      const names = metricNamesIn(alert.expr);
      expect({ alert: alert.alert, names: names.length > 0 && names.every((name) => EXPORTED.includes(name)) }).toEqual({ alert: alert.alert, names: true });
    }
  });

  it('gives on-call a severity, and a summary, description and runbook naming the pod (and the check)', () => {
    for (const alert of alerts) {
      const { severity } = alert.labels ?? {};
      const { summary = '', description = '', runbook = '' } = alert.annotations ?? {};
      expect([alert.alert, severity]).toEqual([alert.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect([alert.alert, runbook.length > 80]).toEqual([alert.alert, true]);
      for (const text of [summary, description]) expect(text).toContain('{{ or $labels.pod $labels.instance }}');
      if (alert.alert !== 'HealthInstanceNotReady') for (const text of [summary, description]) expect(text).toContain('$labels.check');
    }
  });

  it('scales into a test copy: every for: and range selector divided, each group evaluated at the test interval', () => {
    const scaled = alertRules(scaledRuleSpec(rule.spec, 100, '1s'));
    const failing = scaled.find((alert) => alert.alert === 'HealthCriticalCheckFailing');
    const flapping = scaled.find((alert) => alert.alert === 'HealthCheckFlapping');
    expect(failing?.for).toBe('3s');
    expect(flapping?.expr).toContain('increase(health_check_transitions_total[9s])');
    expect(scaledRuleSpec(rule.spec, 100, '1s').groups.every((group) => group.interval === '1s')).toBe(true);
  });
});

describe('monitoring/grafana-dashboard.json', () => {
  const dashboard = readDashboard();
  const queries = panelQueries(dashboard);

  it('queries only metric names the module exports, in every panel and variable', () => {
    expect(queries.length).toBeGreaterThan(0);
    for (const { panel, expr } of queries) {
      const names = metricNamesIn(expr);
      expect({ panel, names: names.length > 0 && names.every((name) => EXPORTED.includes(name)) }).toEqual({ panel, names: true });
    }
    for (const variable of labelVariables(dashboard)) {
      expect(metricNamesIn(variable.selector).every((name) => EXPORTED.includes(name))).toBe(true);
    }
  });

  it('shows status per check, latency p50 and p99, transitions and readiness', () => {
    const all = queries.map((query) => query.expr);
    expect(all.some((expr) => expr.includes(STATUS_METRIC))).toBe(true);
    expect(all.some((expr) => expr.startsWith('histogram_quantile(0.5,') && expr.includes(`${DURATION_METRIC}_bucket`))).toBe(true);
    expect(all.some((expr) => expr.startsWith('histogram_quantile(0.99,') && expr.includes(`${DURATION_METRIC}_bucket`))).toBe(true);
    expect(all.some((expr) => expr.includes(TRANSITIONS_METRIC))).toBe(true);
    expect(all.some((expr) => expr.includes(READY_METRIC))).toBe(true);
  });

  it('filters by namespace, pod and check through variables resolved from the module’s own series', () => {
    expect(labelVariables(dashboard).map((variable) => variable.name)).toEqual(['namespace', 'pod', 'check']);
    for (const { panel, expr } of queries) expect({ panel, filtered: expr.includes('pod=~"$pod"') }).toEqual({ panel, filtered: true });
  });
});
