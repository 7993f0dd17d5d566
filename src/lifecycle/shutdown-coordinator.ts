import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { Availability } from './availability.js';
import { HealthLifecycle } from './health-lifecycle.js';
import { lifecycleMessages } from './lifecycle.messages.js';
import { markOurs, othersListeningForSigterm } from './sigterm-listeners.js';

type Step = () => void | Promise<void>;

/**
 * Owns the order of a graceful shutdown for every kind of app: SIGTERM → readiness 503 (from a signal
 * listener, before Nest starts closing) → the drain (`drainMs`, held before any `onModuleDestroy`) → the
 * transports' last steps → close. Transports join in: `onSignal` (an HTTP server asks keep-alive clients to
 * go), `beforeClose` (gRPC ends Watch streams), and call `prepareClose()` from the earliest hook their kind of
 * app has (the HTTP adapter's `beforeClose()`, or `enableHealthShutdown`). SIGINT and a programmatic
 * `app.close()` do not wait.
 */
@Injectable()
export class ShutdownCoordinator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);
  private signalled = false;
  private prepared?: Promise<void>;
  private readonly signalSteps: Step[] = [];
  private readonly closeSteps: Step[] = [];
  private awaitedServer = false;
  private hookCheck?: NodeJS.Immediate;
  private readonly onSigterm = markOurs(() => this.handleSigterm());

  constructor(
    private readonly availability: Availability,
    private readonly lifecycle: HealthLifecycle,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  get drainMs(): number {
    return this.options.drainMs;
  }

  /** Whether SIGTERM was received: the drain applies. */
  get isSignalled(): boolean {
    return this.signalled;
  }

  onSignal(step: Step): void {
    this.signalSteps.push(step);
  }

  beforeClose(step: Step): void {
    this.closeSteps.push(step);
  }

  /** A transport whose server starts listening later: the missing-hooks warning waits for `serverListening()`. */
  expectServer(): void {
    this.awaitedServer = true;
  }

  serverListening(): void {
    if (this.options.drainMs > 0) this.checkHooksSoon();
  }

  onApplicationBootstrap(): void {
    // ahead of Nest's own listener, so readiness flips before Nest starts closing
    process.prependListener('SIGTERM', this.onSigterm);
    if (this.options.drainMs > 0 && !this.awaitedServer) this.checkHooksSoon();
  }

  onModuleDestroy(): void {
    // gone before the signal is raised again, so the raised signal ends the process
    process.removeListener('SIGTERM', this.onSigterm);
    if (this.hookCheck) clearImmediate(this.hookCheck);
  }

  /** SIGTERM arrived: readiness turns 503 at once and transports start moving clients off. Idempotent. */
  signal(): void {
    if (this.signalled) return;
    this.signalled = true;
    this.availability.beginShutdown('SIGTERM');
    for (const step of this.signalSteps) void this.runStep(step);
  }

  /**
   * Everything that must happen before Nest closes anything: the drain (after SIGTERM only), the transports'
   * last steps, then background work stops. Once per app: a second close() waits for the same drain.
   */
  prepareClose(): Promise<void> {
    return (this.prepared ??= this.runPrepareClose());
  }

  private async runPrepareClose(): Promise<void> {
    if (this.signalled && this.options.drainMs > 0) await sleep(this.options.drainMs);
    for (const step of this.closeSteps) await this.runStep(step);
    this.lifecycle.stop();
  }

  private async runStep(step: Step): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error));
    }
  }

  private handleSigterm(): void {
    if (othersListeningForSigterm() === 0) {
      // nobody closes the app on SIGTERM: keep Node's default (exit) instead of swallowing the signal
      process.removeListener('SIGTERM', this.onSigterm);
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    this.signal();
  }

  /** `enableShutdownHooks()` may come just before or just after `listen()`: look on the next turn. */
  private checkHooksSoon(): void {
    if (this.hookCheck) return;
    this.hookCheck = setImmediate(() => {
      if (othersListeningForSigterm() === 0) this.logger.warn(lifecycleMessages.drainWithoutShutdownHooks(this.options.drainMs));
    }).unref();
  }
}
