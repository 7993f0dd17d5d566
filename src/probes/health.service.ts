import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CheckTransitions, type HealthTransition, type ReadinessLevel } from '../checks/check-transitions.js';
import { HealthRegistry } from '../checks/health-registry.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { CheckOutcome, ProbeOrDeep } from '../checks/check.types.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { Availability } from './availability.js';
import { checkEntry, passes, type CheckEntry } from './check-entry.js';
import type { ProbeReport, ProbeStatus } from './probe-report.js';
import { SystemSampler } from './system-sampler.js';

const STARTED: ProbeReport = Object.freeze({ probe: 'startup', status: 'started', ok: true });
const STARTING: ProbeReport = Object.freeze({ probe: 'startup', status: 'starting', ok: false });
const SHUTTING_DOWN: ProbeReport = Object.freeze({ probe: 'ready', status: 'shutting_down', ok: false });

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>).then === 'function';
}

function sameOutcomes(a: readonly CheckOutcome[], b: readonly CheckOutcome[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The last public report of a probe and what it was built from. */
interface ReportBasis {
  readonly runners: readonly CheckRunner[];
  readonly outcomes: readonly CheckOutcome[];
  readonly level: ReadinessLevel;
  readonly report: ProbeReport;
}

/**
 * Probe evaluation and availability state: runs the checks a probe needs and says whether it passes.
 * Knows nothing of HTTP, so another transport (gRPC health, a CLI) can sit on it.
 */
@Injectable()
export class HealthService {
  private readonly publicEntries = new WeakMap<CheckOutcome, CheckEntry>();
  private readonly lastReports: { live?: ReportBasis; ready?: ReportBasis } = {};

  constructor(
    private readonly registry: HealthRegistry,
    private readonly availability: Availability,
    private readonly transitions: CheckTransitions,
    private readonly system: SystemSampler,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /** Transitions of checks (`check` = name) and of readiness (`check: '*'`), once per change. */
  get changes$(): Observable<HealthTransition> {
    return this.transitions.changes.asObservable();
  }

  /** `starting`, `ready`, `not_ready` (manual or held) or `shutting_down`, before any check is consulted. */
  get readiness(): ReadinessLevel {
    return this.availability.readiness;
  }

  get isStarted(): boolean {
    return this.availability.started;
  }

  /** Runs a probe programmatically, with the same rules as its route. */
  async check(probe: ProbeOrDeep): Promise<ProbeReport> {
    return this.evaluate(probe);
  }

  /** Readiness answers 503 `not_ready` until `markReady()`; liveness is untouched. */
  markNotReady(reason: string): void {
    this.availability.markNotReady(reason);
  }

  markReady(): void {
    this.availability.markReady();
  }

  /** Keeps readiness (and, before start-up completes, startup) failing until the promise settles. */
  holdReadiness(promise: PromiseLike<unknown>): void {
    this.availability.holdReadiness(promise);
  }

  /** The hot path: synchronous when every check it needs has a cached or background result. */
  evaluate(probe: ProbeOrDeep): ProbeReport | Promise<ProbeReport> {
    if (probe === 'startup') return this.availability.started ? STARTED : STARTING;
    if (probe === 'ready' && this.availability.isShuttingDown) return SHUTTING_DOWN;
    const runners = this.registry.runnersFor(probe);
    const requestedAt = probe === 'deep' ? Date.now() : 0;
    const outcomes: CheckOutcome[] = new Array<CheckOutcome>(runners.length);
    let pending: Promise<unknown>[] | undefined;
    for (let i = 0; i < runners.length; i++) {
      const outcome = runners[i].outcomeFor(probe);
      if (isPromise(outcome)) (pending ??= []).push(outcome.then((settled) => (outcomes[i] = settled)));
      else outcomes[i] = outcome;
    }
    if (probe === 'deep') {
      return Promise.all([this.system.snapshot(), ...(pending ?? [])]).then(([system]) => ({
        ...this.report(probe, runners, outcomes, requestedAt),
        system,
      }));
    }
    if (pending) return Promise.all(pending).then(() => this.publicReport(probe, runners, outcomes));
    return this.publicReport(probe, runners, outcomes);
  }

  /** Same checks, same outcomes, same readiness level: the same report, so its body can be reused as well. */
  private publicReport(probe: 'live' | 'ready', runners: readonly CheckRunner[], outcomes: readonly CheckOutcome[]): ProbeReport {
    const level = this.availability.readiness;
    const last = this.lastReports[probe];
    if (last !== undefined && last.runners === runners && last.level === level && sameOutcomes(last.outcomes, outcomes)) {
      return last.report;
    }
    const report = Object.freeze(this.report(probe, runners, outcomes, 0));
    // shared by later probes and callers of check(): nobody may change it
    if (report.checks) Object.freeze(report.checks);
    this.lastReports[probe] = { runners, outcomes, level, report };
    return report;
  }

  private report(
    probe: ProbeOrDeep,
    runners: readonly CheckRunner[],
    outcomes: readonly CheckOutcome[],
    requestedAt: number,
  ): ProbeReport {
    let allPass = true;
    let checks: Record<string, CheckEntry> | undefined;
    let failed: string[] | undefined;
    for (let i = 0; i < runners.length; i++) {
      const { definition } = runners[i];
      const outcome = outcomes[i];
      if (outcome.state === 'failed') {
        (failed ??= []).push(definition.name);
        if (!passes(definition, outcome)) allPass = false;
      }
      (checks ??= {})[definition.name] =
        probe === 'deep'
          ? checkEntry(definition, outcome, { revealReasons: true, deep: { cached: outcome.finishedAt < requestedAt } })
          : this.publicEntry(runners[i], outcome);
    }
    const status = this.status(probe, allPass);
    const ok = status === 'ready' || status === 'alive';
    if (!checks) return { probe, status, ok };
    return failed ? { probe, status, ok, checks, failed } : { probe, status, ok, checks };
  }

  private status(probe: ProbeOrDeep, allPass: boolean): ProbeStatus {
    if (probe === 'live') return allPass ? 'alive' : 'not_alive';
    const level = this.availability.readiness;
    if (level !== 'ready') return level;
    return allPass ? 'ready' : 'not_ready';
  }

  /** Public entries depend only on the outcome, so a cached outcome is formatted once. */
  private publicEntry(runner: CheckRunner, outcome: CheckOutcome): CheckEntry {
    let entry = this.publicEntries.get(outcome);
    if (entry === undefined) {
      entry = checkEntry(runner.definition, outcome, { revealReasons: this.options.exposeErrors });
      this.publicEntries.set(outcome, entry);
    }
    return entry;
  }
}
