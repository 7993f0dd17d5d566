import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the container's cgroup v2 says; a field is undefined when no limit is set ("max") or it cannot be read. */
export interface CgroupReading {
  memoryLimitBytes?: number;
  /** memory.current minus inactive file cache: what the kubelet calls the working set and evicts on */
  memoryWorkingSetBytes?: number;
  /** cpu.max quota / period, e.g. 1.5 for `150000 100000` */
  cpus?: number;
}

export const CGROUP_ROOT = '/sys/fs/cgroup';

const readText = (path: string) => readFile(path, 'utf8').then((text) => text.trim(), () => undefined);
const exists = (path: string) => access(path).then(() => true, () => false);

function positiveNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === 'max') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The process's own cgroup v2 directory: the path from /proc/self/cgroup under the mount when it is there
 * (a host or a pod without a cgroup namespace), else the mount itself; undefined without cgroup v2.
 */
export async function resolveCgroupDir(root = CGROUP_ROOT, selfCgroupFile = '/proc/self/cgroup'): Promise<string | undefined> {
  if (!(await exists(join(root, 'cgroup.controllers')))) return undefined;
  const self = (await readText(selfCgroupFile)) ?? '';
  const path = self
    .split('\n')
    .find((line) => line.startsWith('0::'))
    ?.slice(3)
    .trim();
  if (path && path !== '/') {
    const nested = join(root, path);
    if (await exists(join(nested, 'cgroup.controllers'))) return nested;
  }
  return root;
}

export async function readCgroup(dir: string): Promise<CgroupReading> {
  const [memoryMax, memoryCurrent, memoryStat, cpuMax] = await Promise.all(
    ['memory.max', 'memory.current', 'memory.stat', 'cpu.max'].map((file) => readText(join(dir, file))),
  );
  const reading: CgroupReading = {};
  const limit = positiveNumber(memoryMax);
  if (limit !== undefined) reading.memoryLimitBytes = limit;
  const current = positiveNumber(memoryCurrent);
  if (current !== undefined) {
    const inactive = Number(/^inactive_file (\d+)$/m.exec(memoryStat ?? '')?.[1] ?? 0);
    reading.memoryWorkingSetBytes = Math.max(0, current - inactive);
  }
  if (cpuMax !== undefined) {
    const [quota, period] = cpuMax.split(/\s+/);
    const quotaUs = positiveNumber(quota);
    const periodUs = positiveNumber(period);
    if (quotaUs !== undefined && periodUs !== undefined) reading.cpus = quotaUs / periodUs;
  }
  return reading;
}
