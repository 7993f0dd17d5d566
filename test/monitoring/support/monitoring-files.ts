import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const MONITORING_DIR = new URL('../../../monitoring/', import.meta.url);
export const RULE_FILE = new URL('prometheus-rule.yaml', MONITORING_DIR);
export const RULE_TESTS_FILE = new URL('prometheus-rule.test.yaml', MONITORING_DIR);
export const DASHBOARD_FILE = new URL('grafana-dashboard.json', MONITORING_DIR);

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RuleGroups {
  readonly groups: readonly { readonly name: string; readonly interval?: string; readonly rules: readonly AlertRule[] }[];
}

export interface PrometheusRule {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: RuleGroups;
}

export function readPrometheusRule(): PrometheusRule {
  return parse(readFileSync(RULE_FILE, 'utf8')) as PrometheusRule;
}

export function alertRules(spec: RuleGroups): AlertRule[] {
  return spec.groups.flatMap((group) => group.rules);
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

function scaleDuration(duration: string, factor: number): string {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`unsupported duration "${duration}" in the rule file`);
  const ms = Math.max(1, Math.round((Number(match[1]) * UNIT_SECONDS[match[2]] * 1000) / factor));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The test copy: every `for:` and range selector divided by `factor`, each group evaluated every `interval`. */
export function scaledRuleSpec(spec: RuleGroups, factor: number, interval: string): RuleGroups {
  return {
    groups: spec.groups.map((group) => ({
      ...group,
      interval,
      rules: group.rules.map((rule) => ({
        ...rule,
        expr: rule.expr.replace(/\[(\w+)\]/g, (_, range: string) => `[${scaleDuration(range, factor)}]`),
        ...(rule.for ? { for: scaleDuration(rule.for, factor) } : {}),
      })),
    })),
  };
}

/** The metric names a PromQL expression reads; a histogram's `_bucket`/`_count`/`_sum` series count as the histogram. */
export function metricNamesIn(expr: string): string[] {
  const names = (expr.match(/\bhealth_[a-z_]+/g) ?? []).map((name) => name.replace(/_(bucket|count|sum)$/, ''));
  return [...new Set(names)];
}

interface Target {
  readonly expr?: string;
}
interface Panel {
  readonly title: string;
  readonly type: string;
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}
interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query: string };
  readonly allValue?: string;
}
export interface Dashboard {
  readonly title: string;
  readonly uid: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Variable[] };
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every PromQL query of every panel (rows' nested panels too), with the panel's title. */
export function panelQueries(dashboard: Dashboard): { panel: string; expr: string }[] {
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr ?? '' })));
}

/** Query variables as Grafana's `label_values(selector, label)`, in the order Grafana resolves them. */
export function labelVariables(dashboard: Dashboard): { name: string; selector: string; label: string }[] {
  return dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
      if (!match) throw new Error(`variable ${variable.name}: expected label_values(selector, label), got "${query}"`);
      return { name: variable.name, selector: match[1], label: match[2] };
    });
}

/** Grafana's interpolation of `$name` / `${name}` (longest names first, so `$pod` never eats `$pod_ip`). */
export function interpolate(text: string, values: Readonly<Record<string, string>>): string {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  return names.reduce((result, name) => result.split(`\${${name}}`).join(values[name]).split(`$${name}`).join(values[name]), text);
}
