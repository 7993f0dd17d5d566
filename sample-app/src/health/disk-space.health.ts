import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { checkDiskSpace, HealthCheck, type DiskSpaceDetails } from 'nestjs-health';
import type { Environment } from '../config/environment.js';

/** The `disk_space` check: critical, free space of the data path against `threshold_gb` (one `fs.statfs`). */
@Injectable()
export class DiskSpaceHealth {
  private readonly path: string;
  private readonly minFreeGb: number;

  constructor(config: ConfigService<Environment, true>) {
    this.path = config.get('DATA_PATH', { infer: true });
    this.minFreeGb = config.get('DISK_THRESHOLD_GB', { infer: true });
  }

  // free space changes slowly; a statfs per probe would tell nothing new
  @HealthCheck({ name: 'disk_space', critical: true, ttl: 5000 })
  diskSpace(): Promise<DiskSpaceDetails> {
    return checkDiskSpace({ path: this.path, minFreeGb: this.minFreeGb });
  }
}
