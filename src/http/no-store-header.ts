import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { resolveRoutes, type HealthStaticOptions } from '../health.options.js';
import { HEALTH_STATIC_OPTIONS } from '../health.tokens.js';
import { joinPath } from './probe-urls.js';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** Whether a request URL lies under one of the health bases: `/health`, `/health/…` or `/health?…`. */
export function isUnderBase(url: string, bases: readonly string[]): boolean {
  for (const base of bases) {
    if (!url.startsWith(base)) continue;
    const next = url.charCodeAt(base.length);
    // end of URL, '/' or '?': `/healthz` is someone else's route
    if (Number.isNaN(next) || next === 47 || next === 63) return true;
  }
  return false;
}

/**
 * `Cache-Control: no-store` on every answer under the health path — 200/503 and 401/403/404 alike, also for
 * unknown sub-paths and methods — set on the raw Node request before the framework routes it, so no guard,
 * filter or middleware order can skip it. A string comparison per app request; no framework middleware, which
 * on Fastify would make @fastify/middie run on every request of the app.
 */
@Injectable()
export class NoStoreHeader implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: Server;
  private listener?: RequestListener;

  constructor(
    @Inject(HEALTH_STATIC_OPTIONS) private readonly options: HealthStaticOptions,
    private readonly config: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) return;
    const { path, routes } = resolveRoutes(this.options);
    const bases = new Set<string>();
    // both with and without the global prefix: `exclude` may serve some health routes outside it
    for (const prefix of ['', this.config.getGlobalPrefix()]) {
      if (joinPath(path) !== '/') bases.add(joinPath(prefix, path));
      for (const route of Object.values(routes)) bases.add(joinPath(prefix, path, route));
    }
    const list = [...bases];
    this.listener = (request, response) => {
      if (request.url !== undefined && isUnderBase(request.url, list)) response.setHeader('Cache-Control', 'no-store');
    };
    this.server.prependListener('request', this.listener);
  }

  onModuleDestroy(): void {
    if (this.listener) this.server?.removeListener('request', this.listener);
  }
}
