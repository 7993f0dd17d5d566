import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { messages } from '../health.messages.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { Availability } from '../probes/availability.js';
import { HealthLifecycle } from '../probes/health-lifecycle.js';
import { backportAdapterBeforeClose } from './nest11-before-close.js';

/** Every app's drain listener, so one app's listener is never mistaken for someone who closes the app on SIGTERM. */
const drainListeners = new WeakSet<NodeJS.SignalsListener>();

function otherSigtermListeners(): number {
  return process.listeners('SIGTERM').filter((listener) => !drainListeners.has(listener)).length;
}

interface ClosableAdapter {
  beforeClose?: () => unknown;
  getHttpServer?: () => Server | undefined;
}

/**
 * The graceful drain. On SIGTERM readiness turns 503 at once and every response asks keep-alive clients to
 * go; the drain is then held in the HTTP adapter's `beforeClose()`, which Nest awaits before any
 * `onModuleDestroy` runs and before the server closes, so requests keep being served against open pools.
 * SIGINT and a programmatic `app.close()` do not set `drainRequested`, so they do not wait.
 */
@Injectable()
export class ShutdownDrain implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);
  private drainRequested = false;
  private drained?: Promise<unknown>;
  private server?: Server;
  private hookCheck?: NodeJS.Immediate;
  private readonly onSigterm = () => this.handleSigterm();
  private readonly closeConnection = (request: IncomingMessage, response: ServerResponse) => {
    // HTTP/2 forbids the header; its clients move off on GOAWAY when the server closes
    if (request.httpVersionMajor < 2 && !response.headersSent) response.setHeader('Connection', 'close');
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly availability: Availability,
    private readonly lifecycle: HealthLifecycle,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter as ClosableAdapter | undefined;
    if (adapter) this.wrapBeforeClose(adapter);
    // Nest 11 never calls beforeClose(): make it, before any onModuleDestroy (a no-op on Nest 12)
    if (adapter) backportAdapterBeforeClose();
    this.server = adapter?.getHttpServer?.();
    // ahead of Nest's own listener, so readiness flips before Nest starts closing
    drainListeners.add(this.onSigterm);
    process.prependListener('SIGTERM', this.onSigterm);
    if (this.options.drainMs > 0) this.warnLaterWithoutShutdownHooks();
  }

  onModuleDestroy(): void {
    // gone before Nest re-raises SIGTERM, so the re-raised signal ends the process
    process.removeListener('SIGTERM', this.onSigterm);
    if (this.hookCheck) clearImmediate(this.hookCheck);
  }

  private handleSigterm(): void {
    if (otherSigtermListeners() === 0) {
      // nobody closes the app on SIGTERM: keep Node's default (exit) instead of swallowing the signal
      process.removeListener('SIGTERM', this.onSigterm);
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    if (this.drainRequested) return;
    this.drainRequested = true;
    this.availability.beginShutdown('SIGTERM');
    this.server?.prependListener('request', this.closeConnection);
  }

  /** `enableShutdownHooks()` may come just before or just after `listen()`: look once the server listens. */
  private warnLaterWithoutShutdownHooks(): void {
    const check = () => {
      this.hookCheck = setImmediate(() => {
        this.hookCheck = undefined;
        if (otherSigtermListeners() === 0) this.logger.warn(messages.drainWithoutShutdownHooks(this.options.drainMs));
      }).unref();
    };
    if (this.server && !this.server.listening) this.server.once('listening', check);
    else check();
  }

  private wrapBeforeClose(adapter: ClosableAdapter): void {
    const original = adapter.beforeClose?.bind(adapter);
    adapter.beforeClose = async () => {
      // a second close() after the drain (or during it) waits for the same drain, never for a new one
      if (this.drainRequested && this.options.drainMs > 0) await (this.drained ??= sleep(this.options.drainMs));
      this.lifecycle.stop();
      return original?.();
    };
  }
}
