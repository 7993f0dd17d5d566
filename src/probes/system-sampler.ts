import { Injectable } from '@nestjs/common';
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The deep view's `system` block. */
export interface SystemSnapshot {
  cpu_percent: number;
  memory_percent: number;
  disk_percent: number | null;
  heap_used_mb: number;
  rss_mb: number;
  event_loop_delay_ms: number;
  pid: number;
  node: string;
}

const SAMPLE_MS = 1000;
const MB = 1024 * 1024;
const CGROUP = '/sys/fs/cgroup';

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Limits of the container (cgroup v2) when set; `undefined` means "use the host's". */
export interface ContainerLimits {
  memoryBytes?: number;
  cpus?: number;
}

export async function readContainerLimits(root = CGROUP): Promise<ContainerLimits> {
  const limits: ContainerLimits = {};
  const memory = await readFile(`${root}/memory.max`, 'utf8').catch(() => undefined);
  if (memory && memory.trim() !== 'max') limits.memoryBytes = Number(memory.trim()) || undefined;
  const cpu = await readFile(`${root}/cpu.max`, 'utf8').catch(() => undefined);
  if (cpu) {
    const [quota, period] = cpu.trim().split(/\s+/);
    if (quota !== 'max' && Number(period) > 0) limits.cpus = Number(quota) / Number(period);
  }
  return limits;
}

async function containerMemoryUsed(root = CGROUP): Promise<number | undefined> {
  const current = await readFile(`${root}/memory.current`, 'utf8').catch(() => undefined);
  return current ? Number(current.trim()) : undefined;
}

/**
 * Keeps a CPU percentage and an event-loop delay p99 over the last second in the background, so the
 * deep route reads them without blocking. Timers are unref'd and stop on shutdown.
 */
@Injectable()
export class SystemSampler {
  private timer?: NodeJS.Timeout;
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private cpuPercent = 0;
  private loopDelayMs = 0;
  private histogram?: IntervalHistogram;
  private limits: Promise<ContainerLimits> | undefined;

  start(): void {
    if (this.timer) return;
    this.limits ??= readContainerLimits();
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
  }

  async snapshot(dataPath = process.cwd()): Promise<SystemSnapshot> {
    const limits = await (this.limits ??= readContainerLimits());
    const memory = process.memoryUsage();
    const used = limits.memoryBytes !== undefined ? await containerMemoryUsed() : undefined;
    const memoryPercent =
      limits.memoryBytes !== undefined && used !== undefined
        ? (used / limits.memoryBytes) * 100
        : ((os.totalmem() - os.freemem()) / os.totalmem()) * 100;
    return {
      cpu_percent: round1(this.cpuPercent),
      memory_percent: round1(memoryPercent),
      disk_percent: await diskPercent(dataPath),
      heap_used_mb: round1(memory.heapUsed / MB),
      rss_mb: round1(memory.rss / MB),
      event_loop_delay_ms: round1(this.loopDelayMs),
      pid: process.pid,
      node: process.version,
    };
  }

  private async sample(): Promise<void> {
    const limits = await (this.limits ??= readContainerLimits());
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMs = now - this.lastAt;
    const cpus = limits.cpus ?? os.availableParallelism();
    this.cpuPercent = elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs / cpus) * 100 : 0;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    if (this.histogram && this.histogram.count > 0) {
      this.loopDelayMs = this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
    }
  }
}

async function diskPercent(path: string): Promise<number | null> {
  try {
    const stats = await statfs(path);
    if (stats.blocks === 0) return null;
    return round1(((stats.blocks - stats.bfree) / stats.blocks) * 100);
  } catch {
    return null;
  }
}
