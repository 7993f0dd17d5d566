import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { checkHttp, HealthRegistry, type HealthCheckContext } from 'nestjs-health';
import type { Environment } from '../config/environment.js';

/**
 * The `external_api` check, registered only when EXTERNAL_API_URL is set. Non-critical and deep-only: it cannot
 * change readiness, so running it on every readiness probe of every replica would only load someone else's service.
 */
@Injectable()
export class ExternalApiHealth implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    const url = this.config.get('EXTERNAL_API_URL', { infer: true });
    if (url === undefined) return;
    // the signal cancels the request when the check times out or the app shuts down
    const check = ({ signal }: HealthCheckContext) => checkHttp(url, { signal });
    this.registry.register('external_api', check, { critical: false, probes: [] });
  }
}
