import { Inject, Injectable } from '@nestjs/common';
import { HealthCheck, type HealthCheckDetails } from 'nestjs-health';
import { statfs } from 'node:fs/promises';
import type { SampleConfig } from '../config.js';
import { SAMPLE_CONFIG } from '../sample.tokens.js';
import { sampleMessages } from '../sample.messages.js';

const GB = 1024 ** 3;

/** The `disk_space` check: critical, free space of the data path against a threshold, via `fs.statfs`. */
@Injectable()
export class DiskSpaceHealth {
  constructor(@Inject(SAMPLE_CONFIG) private readonly config: SampleConfig) {}

  // free space changes slowly; a statfs per probe would tell nothing new
  @HealthCheck({ name: 'disk_space', critical: true, ttl: 5000 })
  async diskSpace(): Promise<HealthCheckDetails> {
    const { dataPath, diskThresholdGb } = this.config;
    const stats = await statfs(dataPath);
    const freeGb = Math.round(((stats.bavail * stats.bsize) / GB) * 10) / 10;
    const details = { free_gb: freeGb, threshold_gb: diskThresholdGb };
    if (freeGb < diskThresholdGb) {
      return { healthy: false, error: sampleMessages.diskBelowThreshold(dataPath, freeGb, diskThresholdGb), ...details };
    }
    return details;
  }
}
