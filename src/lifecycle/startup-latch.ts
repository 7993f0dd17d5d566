import { Injectable } from '@nestjs/common';
import { lifecycleMessages } from './lifecycle.messages.js';

/**
 * "Started": bootstrap done, every startup check passed once, every `holdReadiness` promise settled. Once
 * latched it stays latched for the life of the process; holds still count afterwards (readiness reads them).
 */
@Injectable()
export class StartupLatch {
  private bootstrapped = false;
  private readonly pendingChecks = new Set<string>();
  private holdCount = 0;
  private latched = false;
  private readonly listeners: (() => void)[] = [];

  get started(): boolean {
    return this.latched;
  }

  get holds(): number {
    return this.holdCount;
  }

  /** Called on every change that may move readiness. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  bootstrapDone(): void {
    this.bootstrapped = true;
    this.changed();
  }

  awaitCheck(name: string): void {
    this.pendingChecks.add(name);
    this.changed();
  }

  checkPassed(name: string): void {
    this.pendingChecks.delete(name);
    this.changed();
  }

  hold(promise: PromiseLike<unknown>): void {
    this.holdCount += 1;
    this.changed();
    const release = () => {
      this.holdCount -= 1;
      this.changed();
    };
    Promise.resolve(promise).then(release, release);
  }

  /** What holds startup back, for messages: pending startup checks, readiness holds, bootstrap. */
  pendingReason(): string | undefined {
    const pending = [...this.pendingChecks].map((name) => lifecycleMessages.pendingStartupCheck(name));
    if (this.holdCount > 0) pending.push(lifecycleMessages.pendingHolds(this.holdCount));
    if (!this.bootstrapped) pending.push(lifecycleMessages.pendingBootstrap());
    return pending.length ? lifecycleMessages.waitingForStartup(pending.join(', ')) : undefined;
  }

  private changed(): void {
    if (!this.latched && this.bootstrapped && this.pendingChecks.size === 0 && this.holdCount === 0) this.latched = true;
    for (const listener of this.listeners) listener();
  }
}
