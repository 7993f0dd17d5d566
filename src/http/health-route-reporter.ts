import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { messages } from '../health.messages.js';
import { resolveRoutes, type HealthStaticOptions } from '../health.options.js';
import { HEALTH_STATIC_OPTIONS } from '../health.tokens.js';
import { probeUrls } from './probe-urls.js';

/** Logs the resolved probe URLs once at boot, and warns once when the deep route is closed for lack of a guard. */
@Injectable()
export class HealthRouteReporter implements OnApplicationBootstrap {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  constructor(
    @Inject(HEALTH_STATIC_OPTIONS) private readonly options: HealthStaticOptions,
    private readonly config: ApplicationConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { path, routes } = resolveRoutes(this.options);
    const prefix = this.isExcludedFromPrefix(path) ? undefined : this.config.getGlobalPrefix();
    const urls = probeUrls(prefix, path, routes);
    this.logger.log(messages.probeUrls(`live ${urls.live}, ready ${urls.ready}, startup ${urls.startup}, deep ${urls.deep}`));
    const deep = this.options.deep ?? {};
    if (!deep.guards?.length && !deep.public) this.logger.warn(messages.deepRouteDisabled(urls.deep));
  }

  private isExcludedFromPrefix(path: string): boolean {
    const exclude = this.config.getGlobalPrefixOptions().exclude ?? [];
    const probe = probeUrls(undefined, path, resolveRoutes(this.options).routes).live;
    return exclude.some((route) => route.pathRegex?.test(probe) ?? false);
  }
}
