import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import { HealthLifecycle } from '../lifecycle/health-lifecycle.js';
import { ShutdownCoordinator } from '../lifecycle/shutdown-coordinator.js';

interface ClosableAdapter {
  beforeClose?: () => unknown;
  getHttpServer?: () => Server | undefined;
}

const closeConnection = (request: IncomingMessage, response: ServerResponse) => {
  // HTTP/2 forbids the header; its clients move off on GOAWAY when the server closes
  if (request.httpVersionMajor < 2 && !response.headersSent) response.setHeader('Connection', 'close');
};

/**
 * The app's own HTTP server in the shutdown order: after SIGTERM every response asks keep-alive clients to go,
 * and the drain is held in the adapter's `beforeClose()`, which Nest 12 awaits before any `onModuleDestroy` and
 * before the server closes. Also tells the lifecycle when the server listens (bootstrap done).
 */
@Injectable()
export class HttpLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private listening?: Subscription;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly coordinator: ShutdownCoordinator,
    private readonly lifecycle: HealthLifecycle,
  ) {
    if (adapterHost?.httpAdapter) coordinator.expectServer();
  }

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter as ClosableAdapter | undefined;
    if (!adapter) return;
    const original = adapter.beforeClose?.bind(adapter);
    // this app's adapter only, and only what Nest 12 calls first when it closes: no prototype is touched
    adapter.beforeClose = async () => {
      await this.coordinator.prepareClose();
      return original?.();
    };
    const server = adapter.getHttpServer?.();
    this.coordinator.onSignal(() => void server?.prependListener('request', closeConnection));
    this.listening = this.adapterHost.listen$.subscribe(() => {
      this.lifecycle.listening();
      this.coordinator.serverListening();
    });
  }

  onModuleDestroy(): void {
    this.listening?.unsubscribe();
  }
}
