import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ResolvedStaticOptions } from '../health-static-options.js';
import { RESOLVED_STATIC_OPTIONS } from '../health.tokens.js';
import { HEALTH_ROUTES, isMounted } from './health-routes.js';
import { joinPath } from './probe-urls.js';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

const SLASH = 47;
const QUESTION_MARK = 63;

/** Where the path starts: 0 for origin-form (`/health`), after the authority for absolute-form (`http://host/health`). */
function pathStart(url: string): number {
  if (url.charCodeAt(0) === SLASH) return 0;
  const scheme = url.indexOf('://');
  return scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
}

/** ASCII case-insensitive `url.startsWith(base, at)` for a lower-case base, without allocating. */
function startsWithLower(url: string, at: number, base: string): boolean {
  if (url.length - at < base.length) return false;
  for (let i = 0; i < base.length; i++) {
    const code = url.charCodeAt(at + i);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== base.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether a request target lies under one of the (lower-case) health bases: `/health`, `/health/…`, `/health?…`,
 * in any letter case (Express routes `/HEALTH/READY`) and in absolute-form (`GET http://host/health/ready`).
 */
export function isUnderBase(url: string, bases: readonly string[]): boolean {
  const at = pathStart(url);
  if (at < 0) return false;
  for (const base of bases) {
    if (!startsWithLower(url, at, base)) continue;
    const next = url.charCodeAt(at + base.length);
    // end of URL, '/' or '?': `/healthz` is someone else's route
    if (Number.isNaN(next) || next === SLASH || next === QUESTION_MARK) return true;
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
    @Inject(RESOLVED_STATIC_OPTIONS) private readonly options: ResolvedStaticOptions,
    private readonly config: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) return;
    const { path, routes } = this.options;
    const bases = new Set<string>();
    // both with and without the global prefix: `exclude` may serve some health routes outside it
    for (const prefix of ['', this.config.getGlobalPrefix()]) {
      if (joinPath(path) !== '/') bases.add(joinPath(prefix, path).toLowerCase());
      for (const { probe } of HEALTH_ROUTES) {
        if (isMounted(this.options, probe)) bases.add(joinPath(prefix, path, routes[probe]).toLowerCase());
      }
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
