import { statfs } from 'node:fs/promises';

export interface DiskUsage {
  /** bytes an unprivileged process can still write */
  readonly freeBytes: number;
  readonly totalBytes: number;
  /** used / (used + available), as `df` and psutil count it */
  readonly usedPercent: number;
}

/** One `statfs` call; the space reserved for root counts as neither free nor usable, as in `df`. */
export async function readDiskUsage(path: string): Promise<DiskUsage> {
  const stats = await statfs(path);
  const used = (stats.blocks - stats.bfree) * stats.bsize;
  const free = stats.bavail * stats.bsize;
  return { freeBytes: free, totalBytes: stats.blocks * stats.bsize, usedPercent: used + free > 0 ? (used / (used + free)) * 100 : 0 };
}
