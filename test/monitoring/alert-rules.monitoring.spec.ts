import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { trackDir } from '../support/throwaway-registry.js';
import { alertRules, readPrometheusRule, RULE_TESTS_FILE } from './support/monitoring-files.js';

interface RuleTests {
  readonly rule_files: readonly string[];
  readonly tests: readonly { readonly alert_rule_test: readonly { alertname: string; exp_alerts: readonly unknown[] }[] }[];
}

let dir: string;
let removeDir: () => void;

/** promtool reads rule groups, not the CRD: the rule's spec, under the name the committed unit tests load. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nestjs-health-promtool-'));
  removeDir = trackDir(dir);
  const tests = parse(readFileSync(RULE_TESTS_FILE, 'utf8')) as RuleTests;
  writeFileSync(join(dir, tests.rule_files[0]), stringify(readPrometheusRule().spec));
  copyFileSync(RULE_TESTS_FILE, join(dir, 'prometheus-rule.test.yaml'));
});

afterAll(() => removeDir());

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}

describe('the PrometheusRule under promtool', () => {
  it('passes promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', 'prometheus-rule.rules.yaml');
    expect(output).toContain(`SUCCESS: ${alertRules(readPrometheusRule().spec).length} rules found`);
    expect(status).toBe(0);
  });

  it('fires each alert on series shaped like ours and stays silent on healthy ones (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', 'prometheus-rule.test.yaml');
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('has unit tests that make every alert fire', () => {
    const tests = parse(readFileSync(RULE_TESTS_FILE, 'utf8')) as RuleTests;
    const fired = tests.tests.flatMap((test) => test.alert_rule_test.filter((step) => step.exp_alerts.length > 0).map((step) => step.alertname));
    expect([...new Set(fired)].sort()).toEqual(alertRules(readPrometheusRule().spec).map((alert) => alert.alert).sort());
  });

  it('is caught by promtool when an alert stops firing (the unit tests have teeth)', () => {
    const spec = readPrometheusRule().spec;
    const broken = {
      groups: spec.groups.map((group) => ({
        ...group,
        rules: group.rules.map((rule) => (rule.alert === 'HealthCriticalCheckFailing' ? { ...rule, for: '30m' } : rule)),
      })),
    };
    writeFileSync(join(dir, 'prometheus-rule.rules.yaml'), stringify(broken));
    try {
      const { status, output } = promtool('test', 'rules', 'prometheus-rule.test.yaml');
      expect(status).not.toBe(0);
      expect(output).toContain('alertname: HealthCriticalCheckFailing');
    } finally {
      writeFileSync(join(dir, 'prometheus-rule.rules.yaml'), stringify(spec));
    }
  });
});
