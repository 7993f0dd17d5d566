import { Injectable, type MiddlewareConsumer, type NestMiddleware, type Type } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { setHeader } from './response-header.js';

/** Marks the health controller's handlers: Nest copies a handler's metadata onto the function it routes. */
export const NO_STORE_ROUTE = 'nestjs-health:no-store';

type FastifyHook = (request: unknown, reply: { readonly raw: unknown }, done: () => void) => void;

interface FastifyRoute {
  readonly handler: unknown;
  onRequest?: FastifyHook | FastifyHook[];
}

interface FastifyRoutes {
  addHook(name: 'onRoute', hook: (route: FastifyRoute) => void): unknown;
}

/** Runs before any guard, so 401/403/404 answers of health routes are never cached either. */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: unknown, response: unknown, next: () => void): void {
    setHeader(response, 'Cache-Control', 'no-store');
    next();
  }
}

/**
 * `Cache-Control: no-store` on every answer of the health routes, set before any guard runs. On Fastify it is a
 * route-level `onRequest` hook on those routes only: any Nest middleware there makes @fastify/middie run on every
 * request of the app (bench/: about 1.5 µs on each app route and 3 µs on a probe). Elsewhere, the Nest middleware.
 */
export function applyNoStore(consumer: MiddlewareConsumer, controller: Type<unknown>, adapter: AbstractHttpAdapter | undefined): void {
  if (adapter?.getType() === 'fastify') {
    // called from configure(), before Nest registers any route
    adapter.getInstance<FastifyRoutes>().addHook('onRoute', addNoStoreHook);
    return;
  }
  consumer.apply(NoStoreMiddleware).forRoutes(controller);
}

function addNoStoreHook(route: FastifyRoute): void {
  if (Reflect.getMetadata(NO_STORE_ROUTE, route.handler as object) !== true) return;
  const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
  route.onRequest = [noStoreHook, ...existing];
}

function noStoreHook(_request: unknown, reply: { readonly raw: unknown }, done: () => void): void {
  setHeader(reply.raw, 'Cache-Control', 'no-store');
  done();
}
