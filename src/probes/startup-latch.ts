import { Injectable } from '@nestjs/common';
import { HealthRegistry } from '../checks/health-registry.js';
import { STARTUP_RETRY_MS } from '../health.constants.js';
import { Availability } from './availability.js';
import type { CheckRunner } from '../checks/check-runner.js';

/** Runs every `startup` check in the background from bootstrap, retrying about every second until it passes once. */
@Injectable()
export class StartupLatch {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly registry: HealthRegistry,
    private readonly availability: Availability,
  ) {}

  start(): void {
    for (const runner of this.registry.runnersFor('startup')) {
      this.availability.awaitStartupCheck(runner.definition.name);
      void this.attempt(runner);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(runner: CheckRunner): Promise<void> {
    if (this.stopped) return;
    // an interval check would answer "no result yet" until its first run ends: join that run instead
    const outcome = await (runner.definition.interval === undefined ? runner.outcomeFor('startup') : runner.execute('startup'));
    if (outcome.state !== 'failed') {
      this.availability.startupCheckPassed(runner.definition.name);
      return;
    }
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(runner);
    }, STARTUP_RETRY_MS);
    timer.unref();
    this.timers.add(timer);
  }
}
