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

interface ClosableAdapter {
  beforeClose?: () => unknown;
  getHttpServer?: () => Server | undefined;
}

/**
 * The graceful drain. On SIGTERM readiness turns 503 at once and every response asks keep-alive clients to
 * go; the drain is then held in the HTTP adapter's `beforeClose()`, which Nest awaits before any
 * `onModuleDestroy` runs and before the server closes, so requests keep being served against open pools.
 */
@Injectable()
export class ShutdownDrain implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);
  private drainRequested = false;
  private server?: Server;
  private readonly onSigterm = () => this.beginDrain();
  private readonly closeConnection = (_request: IncomingMessage, response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
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
    process.prependListener('SIGTERM', this.onSigterm);
    if (this.options.drainMs > 0) {
      // enableShutdownHooks() is usually called before listen(); look once bootstrap has finished
      setImmediate(() => {
        if (process.listenerCount('SIGTERM') <= 1) this.logger.warn(messages.drainWithoutShutdownHooks(this.options.drainMs));
      }).unref();
    }
  }

  onModuleDestroy(): void {
    process.removeListener('SIGTERM', this.onSigterm);
    this.server?.removeListener('request', this.closeConnection);
  }

  private beginDrain(): void {
    if (this.drainRequested) return;
    this.drainRequested = true;
    this.availability.beginShutdown('SIGTERM');
    this.server?.prependListener('request', this.closeConnection);
  }

  private wrapBeforeClose(adapter: ClosableAdapter): void {
    const original = adapter.beforeClose?.bind(adapter);
    adapter.beforeClose = async () => {
      if (this.drainRequested && this.options.drainMs > 0) await sleep(this.options.drainMs);
      this.lifecycle.stop();
      return original?.();
    };
  }
}
