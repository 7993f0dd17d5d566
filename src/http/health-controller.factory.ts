import { Controller, Get, Req, Res, type Type, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import type { ProbeOrDeep } from '../checks/check.types.js';
import { resolveRoutes, type HealthStaticOptions } from '../health.options.js';
import { DeepRouteDisabledGuard } from './deep-route-disabled.guard.js';
import { HealthResponder } from './health-responder.js';

type Handler = (request: never, response: unknown) => void | Promise<void>;

/**
 * Builds the health controller from the static options: route paths, the deep route's guards and the app's
 * own decorators are class metadata, so they must be known when the module is defined.
 */
export function createHealthController(options: HealthStaticOptions): Type<unknown> {
  const { path, routes } = resolveRoutes(options);
  const deep = options.deep ?? {};
  const deepGuards = deep.guards?.length ? deep.guards : deep.public ? [] : [DeepRouteDisabledGuard];

  class HealthController {
    constructor(readonly responder: HealthResponder) {}

    live(request: never, response: unknown) {
      return this.responder.respond('live', request, response);
    }

    ready(request: never, response: unknown) {
      return this.responder.respond('ready', request, response);
    }

    startup(request: never, response: unknown) {
      return this.responder.respond('startup', request, response);
    }

    deep(request: never, response: unknown) {
      return this.responder.respond('deep', request, response);
    }
  }

  const publicDecorators = options.decorators ?? [];
  const route = (probe: ProbeOrDeep, decorators: MethodDecorator[]) => {
    const descriptor = Object.getOwnPropertyDescriptor(HealthController.prototype, probe) as TypedPropertyDescriptor<Handler>;
    Req()(HealthController.prototype, probe, 0);
    Res()(HealthController.prototype, probe, 1);
    Reflect.decorate([Get(routes[probe]), ...decorators], HealthController.prototype, probe, descriptor);
  };
  route('live', publicDecorators);
  route('ready', publicDecorators);
  route('startup', publicDecorators);
  route('deep', [...(deepGuards.length ? [UseGuards(...deepGuards)] : []), ...(deep.decorators ?? [])]);

  Reflect.defineMetadata('design:paramtypes', [HealthResponder], HealthController);
  Controller({ path, version: VERSION_NEUTRAL })(HealthController);
  return HealthController;
}
