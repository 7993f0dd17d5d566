import { Inject, Injectable } from '@nestjs/common';
import { checkDiskSpace, HealthCheck, type DiskSpaceDetails } from 'nestjs-health';
import type { SampleConfig } from '../config.js';
import { SAMPLE_CONFIG } from '../sample.tokens.js';

/** The `disk_space` check: critical, free space of the data path against `threshold_gb` (one `fs.statfs`). */
@Injectable()
export class DiskSpaceHealth {
  constructor(@Inject(SAMPLE_CONFIG) private readonly config: SampleConfig) {}

  // free space changes slowly; a statfs per probe would tell nothing new
  @HealthCheck({ name: 'disk_space', critical: true, ttl: 5000 })
  diskSpace(): Promise<DiskSpaceDetails> {
    return checkDiskSpace({ path: this.config.dataPath, minFreeGb: this.config.diskThresholdGb });
  }
}
