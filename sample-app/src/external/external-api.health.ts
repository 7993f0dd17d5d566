import { Inject, Injectable } from '@nestjs/common';
import { HealthCheck, type HealthCheckContext, type HealthCheckDetails } from 'nestjs-health';
import type { SampleConfig } from '../config.js';
import { SAMPLE_CONFIG } from '../sample.tokens.js';
import { sampleMessages } from '../sample.messages.js';

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
  async externalApi({ signal }: HealthCheckContext): Promise<HealthCheckDetails> {
    // the signal aborts the request when the check times out or the app shuts down
    const response = await fetch(this.url, { signal, redirect: 'manual' });
    await response.body?.cancel();
    const details = { status_code: response.status };
    if (response.status >= 400) return { healthy: false, message: sampleMessages.externalStatus(response.status), ...details };
    return details;
  }
}
