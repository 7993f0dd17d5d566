import { Inject, Injectable, Logger, type LoggerService } from '@nestjs/common';
import { Subject } from 'rxjs';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { messages } from '../health.messages.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import type { CheckDefinition, CheckOutcome, CheckState } from './check.types.js';

export type ReadinessLevel = 'starting' | 'ready' | 'not_ready' | 'shutting_down';

/** A change of state: of one check (`check` is its name) or of readiness itself (`check: '*'`). */
export interface HealthTransition {
  readonly check: string;
  readonly from: CheckState | ReadinessLevel | 'unknown';
  readonly to: CheckState | ReadinessLevel;
  readonly reason?: string;
  /** ISO timestamp */
  readonly at: string;
}

/** Tracks each check's state and reports changes once: to `changes$` and to the log, never per probe. */
@Injectable()
export class CheckTransitions {
  readonly changes = new Subject<HealthTransition>();
  private readonly states = new Map<string, CheckState>();
  private readonly logger: LoggerService | undefined;

  constructor(@Inject(RESOLVED_HEALTH_OPTIONS) options: ResolvedHealthOptions) {
    this.logger = options.logger === false ? undefined : (options.logger ?? new Logger(HEALTH_LOGGER_CONTEXT));
  }

  /** Called after every run; cheap when the state did not change. */
  observe(definition: CheckDefinition, outcome: CheckOutcome): void {
    const from = this.states.get(definition.name);
    const to = outcome.state;
    if (from === to) return;
    this.states.set(definition.name, to);
    // each check starts unknown; a first healthy result is not news
    if (from === undefined && to === 'healthy') return;
    this.emit({ check: definition.name, from: from ?? 'unknown', to, reason: outcome.reason, at: new Date().toISOString() });
  }

  forget(name: string): void {
    this.states.delete(name);
  }

  emit(transition: HealthTransition): void {
    if (this.logger) {
      const line = messages.transition(transition.check, transition.from, transition.to, transition.reason);
      if (transition.to === 'failed' || transition.to === 'not_ready') this.logger.warn(line);
      else this.logger.log(line);
    }
    this.changes.next(transition);
  }

  complete(): void {
    this.changes.complete();
  }
}
