import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CheckRegistry } from '../checks/check-registry.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { CheckOutcome, Probe } from '../checks/check.types.js';
import { HealthEvents, type HealthTransition } from '../health-events.js';
import { isThenable } from '../is-thenable.js';
import { Availability } from '../lifecycle/availability.js';
import { HealthLifecycle } from '../lifecycle/health-lifecycle.js';
import { ProbeEvaluator } from '../probes/probe-evaluator.js';
import type { ProbeReport } from '../probes/probe-report.js';

/**
 * Everything the gRPC health service reads from the module: the ONE coupling of `src/grpc/` to the core.
 * Transport-free; `ModuleGrpcHealthSource` below implements it on the core's evaluator and check registry.
 */
export interface GrpcHealthSource {
  /** Check: the probe evaluated exactly as its HTTP route does (ttl, interval, single-flight, timeout); true iff 200. */
  evaluate(probe: Probe): boolean | Promise<boolean>;
  /**
   * Check on a mapped service: true iff the app is started, not shutting down, and none of the named checks
   * has failed — critical or not — each read or run under the runner's rules (ttl, interval, single-flight,
   * timeout, failAfter). A name that is no longer registered counts as failed.
   */
  evaluateChecks(names: readonly string[]): boolean | Promise<boolean>;
  /**
   * Watch: what `evaluate` would answer from the results at hand, running no check; undefined while a check it
   * needs has no result yet. Read after a check transition, once every observer of that run has seen it.
   */
  peek(probe: Probe): boolean | undefined;
  /** Watch: what `evaluateChecks` would answer from the results at hand, running no check. */
  peekChecks(names: readonly string[]): boolean | undefined;
  hasCheck(name: string): boolean;
  checkNames(): readonly string[];
  /** SIGTERM seen or the app closing: every gRPC service but `liveness` answers NOT_SERVING. */
  readonly shuttingDown: boolean;
  /** Check transitions (`check` = name) and readiness-level ones (`check: '*'`), once per change; completes at module destroy. */
  readonly changes: Observable<HealthTransition>;
}

const ok = (report: ProbeReport) => report.ok;

/** A mapped service's answer from its report: the report's status is ready's, but any failed check counts here. */
function servesChecks(report: ProbeReport, expected: number): boolean {
  if (report.status === 'starting' || report.status === 'shutting_down') return false;
  const checks = report.checks ?? [];
  return checks.length === expected && checks.every((check) => check.state !== 'failed');
}

@Injectable()
export class ModuleGrpcHealthSource implements GrpcHealthSource {
  constructor(
    private readonly evaluator: ProbeEvaluator,
    private readonly registry: CheckRegistry,
    private readonly availability: Availability,
    private readonly lifecycle: HealthLifecycle,
    private readonly events: HealthEvents,
  ) {}

  get changes(): Observable<HealthTransition> {
    return this.events.changes$;
  }

  get shuttingDown(): boolean {
    return this.availability.isShuttingDown;
  }

  hasCheck(name: string): boolean {
    return this.registry.get(name) !== undefined;
  }

  checkNames(): readonly string[] {
    return this.registry.names();
  }

  evaluate(probe: Probe): boolean | Promise<boolean> {
    const report = this.evaluator.evaluate(probe);
    return isThenable<ProbeReport>(report) ? Promise.resolve(report).then(ok) : report.ok;
  }

  evaluateChecks(names: readonly string[]): boolean | Promise<boolean> {
    if (!this.availability.started) return false;
    const report = this.evaluator.evaluateChecks(`grpc:${names.join('\n')}`, names);
    return isThenable<ProbeReport>(report) ? Promise.resolve(report).then((settled) => servesChecks(settled, names.length)) : servesChecks(report, names.length);
  }

  peek(probe: Probe): boolean | undefined {
    if (probe === 'startup') return this.availability.started;
    // before bootstrap the evaluator answers without checks: live alive, ready starting
    if (!this.lifecycle.isBootstrapped) return probe === 'live';
    if (probe === 'ready' && this.availability.readiness !== 'ready') return false;
    let known = true;
    for (const runner of this.registry.runnersFor(probe)) {
      const outcome = this.current(runner);
      if (outcome === undefined) known = false;
      else if (outcome.state === 'failed' && runner.definition.critical) return false;
    }
    return known ? true : undefined;
  }

  peekChecks(names: readonly string[]): boolean | undefined {
    if (!this.availability.started || this.availability.isShuttingDown) return false;
    let known = true;
    for (const name of names) {
      const runner = this.registry.get(name);
      if (runner === undefined) return false;
      const outcome = this.current(runner);
      if (outcome === undefined) known = false;
      else if (outcome.state === 'failed') return false;
    }
    return known ? true : undefined;
  }

  /** What a probe would be served now without running the check: an interval check's result, else its latest public run. */
  private current(runner: CheckRunner): CheckOutcome | undefined {
    return runner.peek();
  }
}
