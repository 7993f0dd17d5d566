import { Inject, Injectable } from '@nestjs/common';
import { CheckExplorer } from '../checks/check-explorer.js';
import { CheckRegistry } from '../checks/check-registry.js';
import type { CheckRunner } from '../checks/check-runner.js';
import { failedOutcome } from '../checks/check-result.js';
import { checkMessages } from '../checks/check.messages.js';
import type { CheckOutcome, Probe, ProbeOrDeep } from '../checks/check.types.js';
import type { ReadinessLevel } from '../health-events.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { isThenable } from '../is-thenable.js';
import { Availability } from '../lifecycle/availability.js';
import { CheckHistories } from '../history/check-histories.js';
import { HealthLifecycle } from '../lifecycle/health-lifecycle.js';
import { SystemSampler } from '../system/system-sampler.js';
import { buildReport, type ReportScope } from './report-builder.js';
import type { ProbeReport } from './probe-report.js';

const STARTED: ProbeReport = Object.freeze({ probe: 'startup', status: 'started', ok: true });
const STARTING: ProbeReport = Object.freeze({ probe: 'startup', status: 'starting', ok: false });
const SHUTTING_DOWN: ProbeReport = Object.freeze({ probe: 'ready', status: 'shutting_down', ok: false });
// before bootstrap is done other modules' providers may not exist yet: no user check runs
const BOOTING: Readonly<Record<ProbeOrDeep, ProbeReport>> = Object.freeze({
  live: Object.freeze({ probe: 'live', status: 'alive', ok: true }),
  ready: Object.freeze({ probe: 'ready', status: 'starting', ok: false }),
  startup: STARTING,
  deep: Object.freeze({ probe: 'deep', status: 'starting', ok: false }),
});

// once background work stopped the app's providers are closing: no user check runs against them any more
const CLOSING: Readonly<Record<ProbeOrDeep, ProbeReport>> = Object.freeze({
  live: BOOTING.live,
  ready: SHUTTING_DOWN,
  startup: STARTED,
  deep: Object.freeze({ probe: 'deep', status: 'shutting_down', ok: false }),
});

/** The last public report of a probe and what it was built from: unchanged inputs give the same report object. */
interface LastReport {
  readonly runners: readonly CheckRunner[];
  readonly outcomes: readonly CheckOutcome[];
  readonly level: ReadinessLevel;
  readonly report: ProbeReport;
}

function sameOutcomes(a: readonly CheckOutcome[], b: readonly CheckOutcome[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Evaluates probes: runs (or reads) the checks a probe needs and builds a typed, transport-free ProbeReport.
 * The hot path: synchronous when every check has a cached or background result, and the same report object
 * while nothing changed, so a transport can reuse what it wrote from it.
 */
@Injectable()
export class ProbeEvaluator {
  private readonly last = new Map<string, LastReport>();

  constructor(
    private readonly registry: CheckRegistry,
    private readonly explorer: CheckExplorer,
    private readonly availability: Availability,
    private readonly lifecycle: HealthLifecycle,
    private readonly system: SystemSampler,
    private readonly histories: CheckHistories,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /** `withHistory`: a deep report also carries each check's history (read after the fresh runs, so it includes them). */
  evaluate(probe: ProbeOrDeep, withHistory = false): ProbeReport | Promise<ProbeReport> {
    const fixed = this.fixedReport(probe);
    if (fixed !== undefined) return fixed;
    this.explorer.discoverLoadedModules();
    const runners = this.registry.runnersFor(probe);
    if (probe === 'deep') return this.deep(runners, withHistory);
    // startup always has a fixed answer
    const route = probe as 'live' | 'ready';
    return this.collect(runners, route, (outcomes) => this.publicReport(route, route, runners, outcomes));
  }

  /**
   * The report a public probe would give now from the results at hand, running nothing: for a transport that must
   * answer when the main thread cannot (the probe server's worker thread). A check without a result yet reads
   * "no result yet".
   */
  current(probe: Probe): ProbeReport {
    const fixed = this.fixedReport(probe);
    if (fixed !== undefined) return fixed;
    const runners = this.registry.runnersFor(probe);
    const outcomes = runners.map((runner) => runner.peek() ?? failedOutcome(checkMessages.noResultYet(), 'internal', 0, Date.now()));
    return this.build(probe, runners, outcomes, { revealReasons: this.options.exposeErrors });
  }

  /** The answers that run no check at all: startup, shutdown, before bootstrap is done and after background work stopped. */
  private fixedReport(probe: ProbeOrDeep): ProbeReport | undefined {
    if (probe === 'startup') return this.availability.started ? STARTED : STARTING;
    if (probe === 'ready' && this.availability.isShuttingDown) return SHUTTING_DOWN;
    if (!this.lifecycle.isBootstrapped) return BOOTING[probe];
    if (this.lifecycle.isStopped) return CLOSING[probe];
    return undefined;
  }

  /** Readiness of a named set of checks (a gRPC service): evaluated as the ready probe evaluates its checks. */
  evaluateChecks(key: string, names: readonly string[]): ProbeReport | Promise<ProbeReport> {
    if (this.availability.isShuttingDown) return SHUTTING_DOWN;
    if (!this.lifecycle.isBootstrapped) return BOOTING.ready;
    if (this.lifecycle.isStopped) return CLOSING.ready;
    const runners = names.map((name) => this.registry.get(name)).filter((runner): runner is CheckRunner => runner !== undefined);
    return this.collect(runners, 'ready', (outcomes) => this.publicReport(key, 'ready', runners, outcomes));
  }

  private collect(
    runners: readonly CheckRunner[],
    probe: ProbeOrDeep,
    build: (outcomes: CheckOutcome[]) => ProbeReport,
  ): ProbeReport | Promise<ProbeReport> {
    const outcomes = new Array<CheckOutcome>(runners.length);
    let pending: Promise<unknown>[] | undefined;
    for (let i = 0; i < runners.length; i++) {
      const outcome = runners[i].outcomeFor(probe);
      if (isThenable<CheckOutcome>(outcome)) (pending ??= []).push(outcome.then((settled) => (outcomes[i] = settled)));
      else outcomes[i] = outcome;
    }
    return pending ? Promise.all(pending).then(() => build(outcomes)) : build(outcomes);
  }

  private deep(runners: readonly CheckRunner[], withHistory: boolean): Promise<ProbeReport> {
    const requestedAt = Date.now();
    const history = withHistory ? this.history : undefined;
    return Promise.all([
      this.system.snapshot(),
      this.collect(runners, 'deep', (outcomes) => this.build('deep', runners, outcomes, { deep: { requestedAt, history } })),
    ]).then(([system, report]) => ({ ...report, system }));
  }

  private readonly history = (name: string) => this.histories.of(name);

  private publicReport(key: string, probe: 'live' | 'ready', runners: readonly CheckRunner[], outcomes: readonly CheckOutcome[]): ProbeReport {
    const level = this.availability.readiness;
    const last = this.last.get(key);
    if (last !== undefined && last.runners === runners && last.level === level && sameOutcomes(last.outcomes, outcomes)) {
      return last.report;
    }
    const report = this.build(probe, runners, outcomes, { revealReasons: this.options.exposeErrors });
    this.last.set(key, { runners, outcomes, level, report });
    return report;
  }

  private build(probe: ProbeOrDeep, runners: readonly CheckRunner[], outcomes: readonly CheckOutcome[], scope: ReportScope): ProbeReport {
    return buildReport(probe, this.availability.readiness, runners, outcomes, scope);
  }
}
