import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { HealthTransition } from '../checks/check-transitions.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { CheckOutcome, Probe } from '../checks/check.types.js';
import { HealthRegistry } from '../checks/health-registry.js';
import { Availability } from '../probes/availability.js';
import { passes } from '../probes/check-entry.js';
import { HealthService } from '../probes/health.service.js';
import type { ProbeReport } from '../probes/probe-report.js';

/**
 * Everything the gRPC health service reads from the module: the ONE coupling of `src/grpc/` to the core.
 * Transport-free; `ModuleGrpcHealthSource` below implements it on today's core.
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
  /** Watch: what `evaluate` would answer from the results at hand, running no check; undefined while one has none. */
  peek(probe: Probe): boolean | undefined;
  /** Watch: what `evaluateChecks` would answer from the results at hand, running no check. */
  peekChecks(names: readonly string[]): boolean | undefined;
  hasCheck(name: string): boolean;
  /** SIGTERM seen or the app closing: every gRPC service but `liveness` answers NOT_SERVING. */
  readonly shuttingDown: boolean;
  /** Check transitions (`check` = name) and readiness-level ones (`check: '*'`), once per change; completes at module destroy. */
  readonly changes: Observable<HealthTransition>;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>).then === 'function';
}

const ok = (report: ProbeReport) => report.ok;

// ---------------------------------------------------------------------------------------------------------------
// TODAY'S IMPLEMENTATION, on HealthService / HealthRegistry / CheckRunner / Availability. The lead re-implements
// this class on the refactored core (its internal probe evaluator, which knows each check's latest result).
// ---------------------------------------------------------------------------------------------------------------
@Injectable()
export class ModuleGrpcHealthSource implements GrpcHealthSource {
  /** latest reported outcome of each check, from any run: the core keeps it privately in CheckRunner */
  private readonly latest = new Map<string, CheckOutcome>();
  private byName?: { runners: readonly CheckRunner[]; map: Map<string, CheckRunner> };

  constructor(
    private readonly health: HealthService,
    private readonly registry: HealthRegistry,
    private readonly availability: Availability,
  ) {
    registry.onOutcome((definition, outcome) => this.latest.set(definition.name, outcome));
  }

  get changes(): Observable<HealthTransition> {
    return this.health.changes$;
  }

  get shuttingDown(): boolean {
    return this.availability.isShuttingDown;
  }

  hasCheck(name: string): boolean {
    return this.registry.has(name);
  }

  evaluate(probe: Probe): boolean | Promise<boolean> {
    const report = this.health.evaluate(probe);
    return isPromise(report) ? report.then(ok) : report.ok;
  }

  evaluateChecks(names: readonly string[]): boolean | Promise<boolean> {
    if (!this.availability.started || this.availability.isShuttingDown) return false;
    let pending: Promise<boolean>[] | undefined;
    for (const name of names) {
      const runner = this.runner(name);
      if (runner === undefined) return false;
      const outcome = runner.outcomeFor('ready');
      if (isPromise(outcome)) (pending ??= []).push(outcome.then((settled) => settled.state !== 'failed'));
      else if (outcome.state === 'failed') return false;
    }
    return pending ? Promise.all(pending).then((all) => all.every(Boolean)) : true;
  }

  peek(probe: Probe): boolean | undefined {
    if (probe === 'startup') return this.availability.started;
    if (probe === 'ready' && this.availability.readiness !== 'ready') return false;
    let known = true;
    for (const runner of this.registry.runnersFor(probe)) {
      const outcome = this.current(runner);
      if (outcome === undefined) known = false;
      else if (!passes(runner.definition, outcome)) return false;
    }
    return known ? true : undefined;
  }

  peekChecks(names: readonly string[]): boolean | undefined {
    if (!this.availability.started || this.availability.isShuttingDown) return false;
    let known = true;
    for (const name of names) {
      const runner = this.runner(name);
      if (runner === undefined) return false;
      const outcome = this.current(runner);
      if (outcome === undefined) known = false;
      else if (outcome.state === 'failed') return false;
    }
    return known ? true : undefined;
  }

  /** An interval check is read without running (and may be stale); any other from its latest reported run. */
  private current(runner: CheckRunner): CheckOutcome | undefined {
    if (runner.definition.interval !== undefined) return runner.outcomeFor('ready') as CheckOutcome;
    return this.latest.get(runner.definition.name);
  }

  private runner(name: string): CheckRunner | undefined {
    const runners = this.registry.runnersFor('deep');
    if (this.byName?.runners !== runners) {
      this.byName = { runners, map: new Map(runners.map((runner) => [runner.definition.name, runner])) };
    }
    return this.byName.map.get(name);
  }
}
