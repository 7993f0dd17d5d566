import { Injectable } from '@nestjs/common';
import { HealthEvents, type ReadinessLevel } from '../health-events.js';
import { lifecycleMessages } from './lifecycle.messages.js';
import { StartupLatch } from './startup-latch.js';

/**
 * Readiness that does not come from checks: the startup latch, the manual not-ready switch, readiness holds
 * and shutdown. Each change of level is emitted once as a `check: '*'` transition.
 */
@Injectable()
export class Availability {
  private manualReason?: string;
  private shuttingDown = false;
  private level: ReadinessLevel = 'starting';

  constructor(
    private readonly latch: StartupLatch,
    private readonly events: HealthEvents,
  ) {
    latch.onChange(() => this.update());
  }

  get started(): boolean {
    return this.latch.started;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** starting / not_ready (manual or held) / shutting_down, or `ready` when nothing outside the checks holds it back. */
  get readiness(): ReadinessLevel {
    return this.level;
  }

  holdReadiness(promise: PromiseLike<unknown>): void {
    this.latch.hold(promise);
  }

  markNotReady(reason: string): void {
    this.manualReason = reason || lifecycleMessages.markedNotReady();
    this.update();
  }

  markReady(): void {
    this.manualReason = undefined;
    this.update();
  }

  beginShutdown(reason: string): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.update(reason);
  }

  private update(reason?: string): void {
    const next: ReadinessLevel = this.shuttingDown
      ? 'shutting_down'
      : !this.latch.started
        ? 'starting'
        : this.manualReason !== undefined || this.latch.holds > 0
          ? 'not_ready'
          : 'ready';
    if (next === this.level) return;
    const from = this.level;
    this.level = next;
    const why =
      reason ?? (next === 'not_ready' ? (this.manualReason ?? this.latch.pendingReason()) : next === 'starting' ? this.latch.pendingReason() : undefined);
    this.events.emit({ check: '*', from, to: next, reason: why, at: new Date().toISOString() });
  }
}
