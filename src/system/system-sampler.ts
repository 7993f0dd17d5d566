import os from 'node:os';
import type { IntervalHistogram } from 'node:perf_hooks';
import { readDiskUsage } from './disk-usage.js';
import { loopDelayMs, startLoopMonitor } from './event-loop-delay.js';
import { round1 } from '../round.js';
import { readCgroup, resolveCgroupDir, type CgroupReading } from './cgroup.js';

/** The deep view's `system` block. */
export interface SystemSnapshot {
  /** this process's CPU over the last sample window, against the cgroup CPU limit or the host's cores */
  cpu_percent: number;
  /** the container's working set against its cgroup memory limit, else the host's memory in use */
  memory_percent: number;
  /** used space of the file system holding the working directory; null when it cannot be read */
  disk_percent: number | null;
  heap_used_mb: number;
  rss_mb: number;
  /** event-loop delay p99 over the last sample window */
  event_loop_delay_ms: number;
  pid: number;
  node: string;
}

export interface SystemSamplerOptions {
  /** where cgroup v2 is mounted; `/sys/fs/cgroup` */
  cgroupRoot?: string;
  /** the file system `disk_percent` reports on; the working directory */
  dataPath?: string;
  /** the CPU and event-loop window in ms; 1000 */
  sampleMs?: number;
}

const MB = 1024 * 1024;

/**
 * Keeps a CPU percentage and an event-loop delay p99 over the last window in the background, so the deep
 * route reads them without waiting for a window. Container-aware through cgroup v2. Timers are unref'd.
 */
export class SystemSampler {
  private readonly cgroupRoot?: string;
  private readonly dataPath?: string;
  private readonly sampleMs: number;
  private timer?: NodeJS.Timeout;
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private cpuPercent = 0;
  private loopDelay = 0;
  private histogram?: IntervalHistogram;
  private cgroupDir?: Promise<string | undefined>;
  private cpuLimit?: number;

  constructor(options: SystemSamplerOptions = {}) {
    this.cgroupRoot = options.cgroupRoot;
    this.dataPath = options.dataPath;
    this.sampleMs = options.sampleMs ?? 1000;
  }

  start(): void {
    if (this.timer) return;
    // the CPU limit rarely changes, so it is read once here and never on a request
    void this.cgroup().then((reading) => (this.cpuLimit = reading?.cpus));
    this.histogram = startLoopMonitor();
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    this.timer = setInterval(() => this.sample(), this.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
  }

  async snapshot(): Promise<SystemSnapshot> {
    const [cgroup, disk] = await Promise.all([this.cgroup(), readDiskUsage(this.dataPath ?? process.cwd()).catch(() => undefined)]);
    const memory = process.memoryUsage();
    return {
      cpu_percent: round1(this.cpuPercent),
      memory_percent: round1(memoryPercent(cgroup)),
      disk_percent: disk ? round1(disk.usedPercent) : null,
      heap_used_mb: round1(memory.heapUsed / MB),
      rss_mb: round1(memory.rss / MB),
      event_loop_delay_ms: round1(this.loopDelay),
      pid: process.pid,
      node: process.version,
    };
  }

  private async cgroup(): Promise<CgroupReading | undefined> {
    const dir = await (this.cgroupDir ??= resolveCgroupDir(this.cgroupRoot));
    return dir === undefined ? undefined : readCgroup(dir);
  }

  private sample(): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMs = now - this.lastAt;
    const cpus = this.cpuLimit ?? os.availableParallelism();
    this.cpuPercent = elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs / cpus) * 100 : 0;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    if (this.histogram && this.histogram.count > 0) {
      this.loopDelay = loopDelayMs(this.histogram, 99);
      this.histogram.reset();
    }
  }
}

/** Against the cgroup limit when one is set, else the host's memory in use. */
export function memoryPercent(cgroup: CgroupReading | undefined): number {
  if (cgroup?.memoryLimitBytes !== undefined && cgroup.memoryWorkingSetBytes !== undefined) {
    return (cgroup.memoryWorkingSetBytes / cgroup.memoryLimitBytes) * 100;
  }
  return ((os.totalmem() - os.freemem()) / os.totalmem()) * 100;
}
