import { Inject, Injectable } from '@nestjs/common';
import { checkHttp, HealthCheck, type HealthCheckContext, type HttpPingDetails } from 'nestjs-health';
import type { SampleConfig } from '../config.js';
import { SAMPLE_CONFIG } from '../sample.tokens.js';

/**
 * The `external_api` check: non-critical and deep-only. It cannot change readiness (non-critical), so running
 * it on every readiness probe of every replica would only add load to someone else's service.
 */
@Injectable()
export class ExternalApiHealth {
  private readonly url: string;

  constructor(@Inject(SAMPLE_CONFIG) config: SampleConfig) {
    this.url = config.externalApiUrl ?? '';
  }

  @HealthCheck({ name: 'external_api', critical: false, probes: [] })
  externalApi({ signal }: HealthCheckContext): Promise<HttpPingDetails> {
    // the signal cancels the request when the check times out or the app shuts down
    return checkHttp(this.url, { signal });
  }
}
