import { simulatorMessages } from './simulator.messages.js';
import type { ProbeEvent, ProbeEventListener, ProbeEventType, ProbeRecord } from './probe-events.js';

export interface WaitForOptions {
  /** real (unscaled) ms before the wait fails. Default 30 000 */
  timeoutMs?: number;
  /** only events at this index of `events` or later count. Default: events recorded from now on */
  after?: number;
}

const MAX_ATTEMPTS = 10_000;

/** What the simulator saw: its events, with listeners and waits on them, and every probe attempt. */
export class ProbeEventLog {
  readonly events: ProbeEvent[] = [];
  readonly attempts: ProbeRecord[] = [];
  private readonly listeners = new Set<ProbeEventListener>();
  private readonly waiters = new Set<() => void>();

  add(event: ProbeEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  addAttempt(attempt: ProbeRecord): void {
    if (this.attempts.length >= MAX_ATTEMPTS) this.attempts.shift();
    this.attempts.push(attempt);
  }

  count(type: ProbeEventType): number {
    return this.events.filter((event) => event.type === type).length;
  }

  on(listener: ProbeEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitFor(type: ProbeEventType, options: WaitForOptions, running: boolean): Promise<ProbeEvent> {
    const { timeoutMs = 30_000, after = this.events.length } = options;
    const past = this.events.slice(after).find((event) => event.type === type);
    if (past) return Promise.resolve(past);
    if (!running) return Promise.reject(new Error(simulatorMessages.simulatorNotRunning(type)));
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined, event?: ProbeEvent) => {
        clearTimeout(timer);
        this.waiters.delete(fail);
        unsubscribe();
        if (event) resolve(event);
        else reject(error);
      };
      const fail = () => finish(new Error(simulatorMessages.simulatorStopped(type)));
      this.waiters.add(fail);
      const unsubscribe = this.on((event) => {
        if (event.type === type) finish(undefined, event);
      });
      const timer = setTimeout(() => finish(new Error(simulatorMessages.simulatorWaitTimedOut(type, timeoutMs))), timeoutMs);
    });
  }

  /** Rejects every pending wait (the simulator stopped). */
  failWaits(): void {
    for (const fail of this.waiters) fail();
  }
}
