import { indicatorMessages } from './indicator.messages.js';
import { round1, round2 } from '../round.js';
import { readDiskUsage } from '../system/disk-usage.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';

const GB = 1024 ** 3;

export interface DiskSpaceOptions {
  /** a path on the file system to check; `/` */
  path?: string;
  /** fail when less than this many GB (2^30 bytes) are free */
  minFreeGb?: number;
  /** fail when more than this percentage (0-100) is used */
  maxUsedPercent?: number;
}

export type DiskSpaceDetails = {
  free_gb: number;
  total_gb: number;
  used_percent: number;
  threshold_gb?: number;
  threshold_percent?: number;};

/**
 * Disk space of the file system holding `path`, with the seed's `free_gb`/`threshold_gb` details. Throws
 * when free space is below `minFreeGb` or use is above `maxUsedPercent`.
 */
export async function checkDiskSpace(options: DiskSpaceOptions = {}): Promise<DiskSpaceDetails> {
  refuseUnknownKeys('checkDiskSpace', options, ['path', 'minFreeGb', 'maxUsedPercent']);
  const path = options.path ?? '/';
  const minFreeGb = optionalThreshold('checkDiskSpace', 'minFreeGb', options.minFreeGb);
  const maxUsedPercent = optionalThreshold('checkDiskSpace', 'maxUsedPercent', options.maxUsedPercent, 100);
  const usage = await readDiskUsage(path);
  const freeGb = usage.freeBytes / GB;
  const details: DiskSpaceDetails = {
    free_gb: round2(freeGb),
    total_gb: round2(usage.totalBytes / GB),
    used_percent: round1(usage.usedPercent),
  };
  if (minFreeGb !== undefined) {
    details.threshold_gb = minFreeGb;
    if (freeGb < minFreeGb) throw new Error(indicatorMessages.diskBelowMinimum(path, details.free_gb, minFreeGb));
  }
  if (maxUsedPercent !== undefined) {
    details.threshold_percent = maxUsedPercent;
    if (usage.usedPercent > maxUsedPercent) throw new Error(indicatorMessages.diskAboveMaximum(path, details.used_percent, maxUsedPercent));
  }
  return details;
}
