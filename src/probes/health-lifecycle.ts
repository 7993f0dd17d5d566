import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CheckTransitions } from '../checks/check-transitions.js';
import { HealthRegistry } from '../checks/health-registry.js';
import { Availability } from './availability.js';
import { StartupLatch } from './startup-latch.js';
import { SystemSampler } from './system-sampler.js';

/** Starts background work at bootstrap (interval checks, startup checks, the system sampler) and stops it once. */
@Injectable()
export class HealthLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;

  constructor(
    private readonly registry: HealthRegistry,
    private readonly latch: StartupLatch,
    private readonly sampler: SystemSampler,
    private readonly availability: Availability,
    private readonly transitions: CheckTransitions,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.startAll();
    this.latch.start();
    this.sampler.start();
    this.availability.markBootstrapped();
  }

  /** Called once the drain is over (or at module destroy): no background run may touch closed pools. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.availability.beginShutdown('application closing');
    this.latch.stop();
    this.registry.stopAll();
    this.sampler.stop();
  }

  onModuleDestroy(): void {
    this.stop();
    this.transitions.complete();
  }
}
