import { Injectable, Logger } from '@nestjs/common';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { checkMessages } from './check.messages.js';
import { describeThrown } from './safe-json.js';
import type { CheckDefinition } from './check-definition.js';
import type { CheckOutcome, ProbeOrDeep } from './check.types.js';

/** What the module's own parts (state tracking, metrics, history) learn about checks. */
export interface CheckObserver {
  /** every finished run, after `failAfter` */
  outcome?(definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep): void;
  /** a check joined (at discovery or through HealthRegistry.register) */
  added?(definition: CheckDefinition): void;
  /** the check was unregistered: forget what is kept about it */
  removed?(definition: CheckDefinition): void;
}

/** The internal bus from runners to observers. Observers are side effects: one that throws never keeps a probe from its answer. */
@Injectable()
export class CheckObservers {
  private readonly observers: CheckObserver[] = [];
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  add(observer: CheckObserver): void {
    this.observers.push(observer);
  }

  outcome(definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep): void {
    this.each(definition, (observer) => observer.outcome?.(definition, outcome, probe));
  }

  added(definition: CheckDefinition): void {
    this.each(definition, (observer) => observer.added?.(definition));
  }

  removed(definition: CheckDefinition): void {
    this.each(definition, (observer) => observer.removed?.(definition));
  }

  private each(definition: CheckDefinition, call: (observer: CheckObserver) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch (error) {
        this.logger.error(checkMessages.observerFailed(definition.name, describeThrown(error)));
      }
    }
  }
}
