import { Inject, Injectable, Logger, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import type { ResolvedStaticOptions } from '../health-static-options.js';
import { RESOLVED_STATIC_OPTIONS } from '../health.tokens.js';
import { HEALTH_ROUTES, isMounted } from './health-routes.js';
import { httpMessages } from './http.messages.js';
import { joinPath } from './probe-urls.js';

interface ExcludedRoute {
  readonly pathRegex?: RegExp;
  readonly requestMethod?: RequestMethod;
}

/** Logs the URLs the app answers the probes on once at boot, and warns once when the deep route is closed for lack of a guard. */
@Injectable()
export class HealthRouteReporter implements OnApplicationBootstrap {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  constructor(
    @Inject(RESOLVED_STATIC_OPTIONS) private readonly options: ResolvedStaticOptions,
    private readonly config: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    // a microservice or an application context mounts nothing: there is no URL of the app's to log
    if (!this.adapterHost?.httpAdapter) return;
    const urls = HEALTH_ROUTES.filter(({ probe }) => isMounted(this.options, probe)).map(({ probe }) => `${probe} ${this.url(this.options.routes[probe])}`);
    // with the probe server every route may have moved off the app; the probe server logs its own
    if (urls.length > 0) this.logger.log(httpMessages.probeUrls(urls.join(', ')));
    if (this.options.deep.access === 'disabled' && this.options.server === undefined) {
      this.logger.warn(httpMessages.deepRouteDisabled(this.url(this.options.routes.deep)));
    }
  }

  /** Each route on its own: `exclude` may take some health routes out of the global prefix and not others. */
  private url(route: string): string {
    const path = joinPath(this.options.path, route);
    const exclude = (this.config.getGlobalPrefixOptions().exclude ?? []) as ExcludedRoute[];
    const excluded = exclude.some(
      (item) =>
        (item.requestMethod === undefined || item.requestMethod === RequestMethod.ALL || item.requestMethod === RequestMethod.GET) &&
        (item.pathRegex?.test(path) ?? false),
    );
    return excluded ? path : joinPath(this.config.getGlobalPrefix(), path);
  }
}
