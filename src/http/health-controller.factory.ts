import { applyDecorators, Controller, Get, Req, Res, type Type, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import type { ProbeOrDeep } from '../checks/check.types.js';
import type { ResolvedStaticOptions } from '../health-static-options.js';
import { isMounted } from './health-routes.js';
import { HealthResponder, type HealthRequest } from './health-responder.js';

/** The decorators of one route: none when it is not mounted (a disabled deep route does not exist at all). */
function routeDecorators(options: ResolvedStaticOptions, probe: ProbeOrDeep): MethodDecorator {
  if (!isMounted(options, probe)) return applyDecorators();
  const get = Get(options.routes[probe]);
  if (probe !== 'deep') return applyDecorators(get, ...options.decorators);
  const { guards, decorators } = options.deep;
  return applyDecorators(get, ...(guards.length ? [UseGuards(...guards)] : []), ...decorators);
}

/**
 * Builds the health controller from the static options: route paths, the deep route's guards and the app's own
 * decorators are class metadata, so they are known when the module is defined.
 */
export function createHealthController(options: ResolvedStaticOptions): Type<unknown> {
  const route = (probe: ProbeOrDeep) => routeDecorators(options, probe);

  @Controller({ path: options.path, version: VERSION_NEUTRAL })
  class HealthController {
    constructor(private readonly responder: HealthResponder) {}

    @route('live')
    live(@Req() request: HealthRequest, @Res() response: unknown) {
      return this.responder.respond('live', request, response);
    }

    @route('ready')
    ready(@Req() request: HealthRequest, @Res() response: unknown) {
      return this.responder.respond('ready', request, response);
    }

    @route('startup')
    startup(@Req() request: HealthRequest, @Res() response: unknown) {
      return this.responder.respond('startup', request, response);
    }

    @route('deep')
    deep(@Req() request: HealthRequest, @Res() response: unknown) {
      return this.responder.respond('deep', request, response);
    }
  }
  return HealthController;
}
