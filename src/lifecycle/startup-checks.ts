import { Injectable } from '@nestjs/common';
import { CheckRegistry } from '../checks/check-registry.js';
import type { CheckRunner } from '../checks/check-runner.js';
import { StartupLatch } from './startup-latch.js';

/** About every second: how often a failing startup check is tried again until it passes once. */
export const STARTUP_RETRY_MS = 1000;

/** Runs every `startup` check in the background from bootstrap, retrying until it passes once; never driven by requests. */
@Injectable()
export class StartupChecks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly registry: CheckRegistry,
    private readonly latch: StartupLatch,
  ) {}

  start(): void {
    for (const runner of this.registry.runnersFor('startup')) {
      this.latch.awaitCheck(runner.definition.name);
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
      this.latch.checkPassed(runner.definition.name);
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
