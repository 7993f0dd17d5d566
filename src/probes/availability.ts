import { Injectable } from '@nestjs/common';
import { CheckTransitions, type ReadinessLevel } from '../checks/check-transitions.js';
import { messages } from '../health.messages.js';

/**
 * Readiness that does not come from checks: the startup latch (bootstrap done, startup checks passed once,
 * every holdReadiness settled), the manual not-ready switch, and shutdown.
 */
@Injectable()
export class Availability {
  private bootstrapped = false;
  private readonly pendingStartup = new Set<string>();
  private holds = 0;
  private latched = false;
  private manualReason?: string;
  private shuttingDown = false;
  private level: ReadinessLevel = 'starting';

  constructor(private readonly transitions: CheckTransitions) {}

  get started(): boolean {
    return this.latched;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** starting / not_ready (manual) / shutting_down, or `ready` when nothing outside the checks holds it back. */
  get readiness(): ReadinessLevel {
    return this.level;
  }

  markBootstrapped(): void {
    this.bootstrapped = true;
    this.update();
  }

  awaitStartupCheck(name: string): void {
    this.pendingStartup.add(name);
    this.update();
  }

  startupCheckPassed(name: string): void {
    this.pendingStartup.delete(name);
    this.update();
  }

  holdReadiness(promise: PromiseLike<unknown>): void {
    this.holds += 1;
    this.update();
    const release = () => {
      this.holds -= 1;
      this.update();
    };
    Promise.resolve(promise).then(release, release);
  }

  markNotReady(reason: string): void {
    this.manualReason = reason || messages.markedNotReady();
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

  /** What holds startup back, for messages: pending startup checks and readiness holds. */
  pendingReason(): string | undefined {
    const pending = [...this.pendingStartup].map((name) => messages.pendingStartupCheck(name));
    if (this.holds > 0) pending.push(messages.pendingHolds(this.holds));
    if (!this.bootstrapped) pending.push(messages.pendingBootstrap());
    return pending.length ? messages.waitingForStartup(pending.join(', ')) : undefined;
  }

  private update(reason?: string): void {
    if (!this.latched && this.bootstrapped && this.pendingStartup.size === 0 && this.holds === 0) this.latched = true;
    const next: ReadinessLevel = this.shuttingDown
      ? 'shutting_down'
      : !this.latched
        ? 'starting'
        : this.manualReason !== undefined || this.holds > 0
          ? 'not_ready'
          : 'ready';
    if (next === this.level) return;
    const from = this.level;
    this.level = next;
    const why = reason ?? (next === 'not_ready' ? (this.manualReason ?? this.pendingReason()) : next === 'starting' ? this.pendingReason() : undefined);
    this.transitions.emit({ check: '*', from, to: next, reason: why, at: new Date().toISOString() });
  }
}
