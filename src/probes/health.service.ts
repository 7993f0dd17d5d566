import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { ProbeOrDeep } from '../checks/check.types.js';
import { HealthEvents, type HealthTransition, type ReadinessLevel } from '../health-events.js';
import { Availability } from '../lifecycle/availability.js';
import { ProbeEvaluator } from './probe-evaluator.js';
import type { ProbeReport } from './probe-report.js';

/** The user's handle on the module's state: run probes, read and steer readiness, follow transitions. */
@Injectable()
export class HealthService {
  constructor(
    private readonly evaluator: ProbeEvaluator,
    private readonly availability: Availability,
    private readonly events: HealthEvents,
  ) {}

  /** Transitions of checks (`check` = name) and of readiness (`check: '*'`), once per change. */
  get changes$(): Observable<HealthTransition> {
    return this.events.changes$;
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
    return this.evaluator.evaluate(probe);
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
}
