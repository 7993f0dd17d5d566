import { Inject, Injectable } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CheckObservers } from '../checks/check-observers.js';
import type { CheckDefinition } from '../checks/check-definition.js';
import { failedOutcome } from '../checks/check-result.js';
import { CheckRegistry } from '../checks/check-registry.js';
import { checkMessages } from '../checks/check.messages.js';
import type { CheckOutcome, Probe } from '../checks/check.types.js';
import { HealthEvents } from '../health-events.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { Availability } from '../lifecycle/availability.js';
import { HealthLifecycle } from '../lifecycle/health-lifecycle.js';
import { StartupLatch } from '../lifecycle/startup-latch.js';
import type { ProbeReport } from '../probes/probe-report.js';
import { buildReport } from '../probes/report-builder.js';
import type { PublishedReports } from './thread/thread-host.js';
import type { Publication } from './thread/worker-protocol.js';

const STARTED: ProbeReport = Object.freeze({ probe: 'startup', status: 'started', ok: true });
const STARTING: ProbeReport = Object.freeze({ probe: 'startup', status: 'starting', ok: false });
const BOOTING_LIVE: ProbeReport = Object.freeze({ probe: 'live', status: 'alive', ok: true });
const BOOTING_READY: ProbeReport = Object.freeze({ probe: 'ready', status: 'starting', ok: false });
const SHUTTING_DOWN: ProbeReport = Object.freeze({ probe: 'ready', status: 'shutting_down', ok: false });

/**
 * The report each public probe would give from the latest results, running nothing, kept current for the worker
 * thread to answer from while the main thread cannot: republished on every finished run, every transition and
 * readiness change, every step of start-up, and every check added or removed. The one place server/ reads the
 * core's internals; it stands in for a core `ProbeEvaluator.current(probe)` plus a change notification, and
 * mirrors the evaluator's rules.
 */
@Injectable()
export class CurrentReports implements PublishedReports {
  private readonly latest = new WeakMap<CheckDefinition, CheckOutcome>();
  private listener?: (publication: Publication) => void;
  private subscription?: Subscription;
  private scheduled?: NodeJS.Immediate;
  private observing = false;

  constructor(
    private readonly registry: CheckRegistry,
    private readonly observers: CheckObservers,
    private readonly availability: Availability,
    private readonly lifecycle: HealthLifecycle,
    private readonly latch: StartupLatch,
    private readonly events: HealthEvents,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /** Calls `listener` with a fresh publication after each change (coalesced to one per turn of the loop). */
  watch(listener: (publication: Publication) => void): void {
    this.listener = listener;
    if (!this.observing) {
      this.observing = true;
      this.observers.add({
        outcome: (definition, outcome, probe) => {
          // deep runs never feed what probes reuse
          if (probe !== 'deep') this.latest.set(definition, outcome);
          this.changed();
        },
        added: () => this.changed(),
        removed: () => this.changed(),
      });
      // bootstrap done, a startup check passed, a hold released: not every one changes the readiness level
      this.latch.onChange(() => this.changed());
    }
    this.subscription ??= this.events.changes$.subscribe({ next: () => this.changed() });
  }

  unwatch(): void {
    this.listener = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  publication(): Publication {
    let deepTimeoutMs = 0;
    for (const runner of this.registry.runnersFor('deep')) deepTimeoutMs = Math.max(deepTimeoutMs, runner.definition.timeout);
    return { reports: { live: this.report('live'), ready: this.report('ready'), startup: this.report('startup') }, deepTimeoutMs };
  }

  private report(probe: Probe): ProbeReport {
    if (probe === 'startup') return this.availability.started ? STARTED : STARTING;
    if (probe === 'ready' && this.availability.isShuttingDown) return SHUTTING_DOWN;
    if (!this.lifecycle.isBootstrapped) return probe === 'live' ? BOOTING_LIVE : BOOTING_READY;
    const runners = this.registry.runnersFor(probe);
    const outcomes = runners.map((runner) => this.latest.get(runner.definition) ?? failedOutcome(checkMessages.noResultYet(), 'internal', 0, Date.now()));
    return buildReport(probe, this.availability.readiness, runners, outcomes, { revealReasons: this.options.exposeErrors });
  }

  private changed(): void {
    if (this.listener === undefined || this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.listener?.(this.publication());
    }).unref();
  }
}
