import type { CheckRunner } from '../checks/check-runner.js';
import type { CheckOutcome, ProbeOrDeep } from '../checks/check.types.js';
import type { ReadinessLevel } from '../health-events.js';
import type { CheckHistory } from '../history/check-history.js';
import type { CheckResult, ProbeReport, ProbeStatus } from './probe-report.js';

/** Where a report is answered: a public route (reasons from throws withheld unless revealed) or deep (with each check's history when asked). */
export type ReportScope =
  | { readonly revealReasons: boolean; readonly deep?: undefined }
  | { readonly deep: { readonly requestedAt: number; readonly history?: (name: string) => CheckHistory | undefined } };

/** Builds a frozen report: shared by later probes and callers of `HealthService.check()`, nobody may change it. */
export function buildReport(
  probe: ProbeOrDeep,
  level: ReadinessLevel,
  runners: readonly CheckRunner[],
  outcomes: readonly CheckOutcome[],
  scope: ReportScope,
): ProbeReport {
  let allPass = true;
  const checks: CheckResult[] = [];
  for (let i = 0; i < runners.length; i++) {
    const result = checkResult(runners[i], outcomes[i], scope);
    if (!result.passes) allPass = false;
    checks.push(result);
  }
  const status = probeStatus(probe, level, allPass);
  const ok = status === 'ready' || status === 'alive';
  if (checks.length === 0) return Object.freeze({ probe, status, ok });
  return Object.freeze({ probe, status, ok, checks: Object.freeze(checks) });
}

function checkResult(runner: CheckRunner, outcome: CheckOutcome, scope: ReportScope): CheckResult {
  const { name, critical } = runner.definition;
  const { state, reason, reasonSource, details, failing, latencyMs, finishedAt } = outcome;
  // only what a dependency threw or timed out on may leak internals; "no result yet", "stale" and returned words are shown
  const fromDependency = reasonSource === 'thrown' || reasonSource === 'timeout';
  const reasonShown = scope.deep !== undefined || scope.revealReasons || !fromDependency;
  const result: CheckResult = {
    name,
    state,
    critical,
    passes: state !== 'failed' || !critical,
    latencyMs,
    finishedAt,
    reason,
    reasonShown,
    details,
    failing,
    cached: scope.deep === undefined ? undefined : finishedAt < scope.deep.requestedAt,
    history: scope.deep?.history?.(name),
  };
  return Object.freeze(result);
}

function probeStatus(probe: ProbeOrDeep, level: ReadinessLevel, allPass: boolean): ProbeStatus {
  if (probe === 'live') return allPass ? 'alive' : 'not_alive';
  if (level !== 'ready') return level;
  return allPass ? 'ready' : 'not_ready';
}
