import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CheckOrchestrator } from '../checks/check-orchestrator.js';
import { HealthEvents } from '../health-events.js';
import { SystemSampler } from '../system/system-sampler.js';
import { Availability } from './availability.js';
import { lifecycleMessages } from './lifecycle.messages.js';
import { StartupChecks } from './startup-checks.js';
import { StartupLatch } from './startup-latch.js';

/**
 * Starts background work at bootstrap (interval checks, the system sampler), decides when bootstrap is done
 * (then startup checks run), and stops everything once. Bootstrap is done once the app's own bootstrap hooks
 * ran: when its server listens (a transport says so through `listening()`), or after this turn of the loop.
 */
@Injectable()
export class HealthLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private bootstrapped = false;
  private afterHooks?: NodeJS.Immediate;

  constructor(
    private readonly orchestrator: CheckOrchestrator,
    private readonly startupChecks: StartupChecks,
    private readonly latch: StartupLatch,
    private readonly sampler: SystemSampler,
    private readonly availability: Availability,
    private readonly events: HealthEvents,
  ) {}

  /** Background work has stopped: the app's providers are closing or closed. */
  get isStopped(): boolean {
    return this.stopped;
  }

  get isBootstrapped(): boolean {
    return this.bootstrapped;
  }

  onApplicationBootstrap(): void {
    this.orchestrator.startAll();
    this.sampler.start();
    // global modules (ours) bootstrap first, and the app's own hooks may still hold readiness or add startup checks
    this.afterHooks = setImmediate(() => this.bootstrapDone());
  }

  /** The app's server listens: its bootstrap hooks have all run. */
  listening(): void {
    this.bootstrapDone();
  }

  /** Called once the drain is over (or at module destroy): no background run may touch closed pools. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.afterHooks) clearImmediate(this.afterHooks);
    this.availability.beginShutdown(lifecycleMessages.applicationClosing());
    this.startupChecks.stop();
    this.orchestrator.stopAll();
    this.sampler.stop();
  }

  onModuleDestroy(): void {
    this.stop();
    this.events.complete();
  }

  private bootstrapDone(): void {
    if (this.bootstrapped || this.stopped) return;
    this.bootstrapped = true;
    if (this.afterHooks) clearImmediate(this.afterHooks);
    this.startupChecks.start();
    this.latch.bootstrapDone();
  }
}
