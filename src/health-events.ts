import { Inject, Injectable, Logger, type LoggerService } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { containedStream } from './contained-stream.js';
import type { CheckState } from './checks/check.types.js';
import { HEALTH_LOGGER_CONTEXT } from './health.constants.js';
import { eventMessages } from './health-events.messages.js';
import { describeThrown } from './checks/safe-json.js';
import type { ResolvedHealthOptions } from './health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from './health.tokens.js';

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

/**
 * The transition stream and its log line: the one neutral place the checks layer (a check's own state) and the
 * lifecycle layer (readiness) write to. Each change is logged once with its full reason.
 */
@Injectable()
export class HealthEvents {
  private readonly subject = new Subject<HealthTransition>();
  private readonly logger: LoggerService | undefined;
  private readonly errors = new Logger(HEALTH_LOGGER_CONTEXT);
  private emitting?: HealthTransition;
  /** `changes$`: a subscriber that throws is logged with the check's name, never reported to rxjs as unhandled */
  readonly changes$: Observable<HealthTransition>;

  constructor(@Inject(RESOLVED_HEALTH_OPTIONS) { logger }: ResolvedHealthOptions) {
    this.logger = logger === false ? undefined : (logger ?? new Logger(HEALTH_LOGGER_CONTEXT));
    // delivery is synchronous, so the transition being emitted names the check even behind operators
    this.changes$ = containedStream(this.subject, (error) =>
      this.errors.error(eventMessages.subscriberFailed(this.emitting?.check, describeThrown(error))),
    );
  }

  emit(transition: HealthTransition): void {
    if (this.logger) {
      const line = eventMessages.transition(transition.check, transition.from, transition.to, transition.reason);
      if (transition.to === 'failed' || transition.to === 'not_ready') this.logger.warn(line);
      else this.logger.log(line);
    }
    this.emitting = transition;
    try {
      this.subject.next(transition);
    } finally {
      this.emitting = undefined;
    }
  }

  complete(): void {
    this.subject.complete();
  }
}
