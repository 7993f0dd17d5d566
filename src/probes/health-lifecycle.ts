import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Subscription } from 'rxjs';
import { CheckTransitions } from '../checks/check-transitions.js';
import { HealthRegistry } from '../checks/health-registry.js';
import { messages } from '../health.messages.js';
import { Availability } from './availability.js';
import { StartupLatch } from './startup-latch.js';
import { SystemSampler } from './system-sampler.js';

/** Starts background work at bootstrap (interval checks, startup checks, the system sampler) and stops it once. */
@Injectable()
export class HealthLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private bootstrapped = false;
  private afterHooks?: NodeJS.Immediate;
  private listening?: Subscription;

  constructor(
    private readonly registry: HealthRegistry,
    private readonly latch: StartupLatch,
    private readonly sampler: SystemSampler,
    private readonly availability: Availability,
    private readonly transitions: CheckTransitions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.startAll();
    this.sampler.start();
    // global modules (ours) bootstrap first, and the app's own hooks may still hold readiness or add startup
    // checks: bootstrap is done once they have run, i.e. when the app listens, or after this turn of the loop
    this.afterHooks = setImmediate(() => this.bootstrapDone());
    this.listening = this.adapterHost.listen$.subscribe(() => this.bootstrapDone());
  }

  /** Called once the drain is over (or at module destroy): no background run may touch closed pools. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopWaitingForBootstrap();
    this.availability.beginShutdown(messages.applicationClosing());
    this.latch.stop();
    this.registry.stopAll();
    this.sampler.stop();
  }

  onModuleDestroy(): void {
    this.stop();
    this.transitions.complete();
  }

  private bootstrapDone(): void {
    if (this.bootstrapped || this.stopped) return;
    this.bootstrapped = true;
    this.stopWaitingForBootstrap();
    this.latch.start();
    this.availability.markBootstrapped();
  }

  private stopWaitingForBootstrap(): void {
    if (this.afterHooks) clearImmediate(this.afterHooks);
    this.afterHooks = undefined;
    this.listening?.unsubscribe();
    this.listening = undefined;
  }
}
