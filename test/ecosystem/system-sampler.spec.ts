import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { HealthModule } from '../../src/index.js';
import { readCgroup, resolveCgroupDir } from '../../src/system/cgroup.js';
import { memoryPercent, SystemSampler, type SystemSnapshot } from '../../src/system/system-sampler.js';
import { startApp } from '../support/http-app.js';

const MiB = 1024 * 1024;

/** A directory laid out like a container's /sys/fs/cgroup (cgroup v2). */
async function cgroupDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(os.tmpdir(), 'nestjs-health-cgroup-'));
  await writeFile(join(dir, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Keeps the CPU busy in 30 ms slices, yielding between them so timers (the sampler's) still fire. */
async function burnCpu(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = Math.min(end, performance.now() + 30);
    while (performance.now() < slice);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function expectSnapshotShape(system: SystemSnapshot): void {
  for (const field of ['cpu_percent', 'memory_percent', 'heap_used_mb', 'rss_mb', 'event_loop_delay_ms', 'pid'] as const) {
    expect([field, typeof system[field], Number.isFinite(system[field])]).toEqual([field, 'number', true]);
  }
  expect(system.disk_percent === null || (system.disk_percent >= 0 && system.disk_percent <= 100)).toBe(true);
  expect(system.memory_percent).toBeGreaterThan(0);
  expect(system.memory_percent).toBeLessThanOrEqual(100);
  expect(system.heap_used_mb).toBeGreaterThan(1);
  expect(system.rss_mb).toBeGreaterThanOrEqual(system.heap_used_mb);
  expect(system.pid).toBe(process.pid);
  expect(system.node).toBe(process.version);
}

describe('cgroup v2 reading', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const track = async (files: Record<string, string>) => {
    const dir = await cgroupDir(files);
    dirs.push(dir);
    return dir;
  };

  it('reads numeric memory and CPU limits and the working set without the inactive file cache', async () => {
    const dir = await track({
      'memory.max': `${512 * MiB}\n`,
      'memory.current': `${256 * MiB}\n`,
      'memory.stat': `anon ${150 * MiB}\nfile ${100 * MiB}\ninactive_file ${64 * MiB}\nactive_file ${36 * MiB}\n`,
      'cpu.max': '150000 100000\n',
    });
    const reading = await readCgroup(dir);
    expect(reading).toEqual({ memoryLimitBytes: 512 * MiB, memoryWorkingSetBytes: 192 * MiB, cpus: 1.5 });
    expect(memoryPercent(reading)).toBe(37.5);
  });

  it('treats "max" as no limit and falls back to the host', async () => {
    const dir = await track({ 'memory.max': 'max\n', 'memory.current': `${100 * MiB}\n`, 'cpu.max': 'max 100000\n' });
    const reading = await readCgroup(dir);
    expect(reading.memoryLimitBytes).toBeUndefined();
    expect(reading.cpus).toBeUndefined();
    const host = ((os.totalmem() - os.freemem()) / os.totalmem()) * 100;
    expect(Math.abs(memoryPercent(reading) - host)).toBeLessThan(5);
  });

  it("finds the process's own cgroup below the mount, and ignores a mount without cgroup v2", async () => {
    const root = await track({ 'memory.max': 'max\n' });
    const nested = join(root, 'kubepods.slice', 'pod-1');
    await mkdir(nested, { recursive: true });
    await writeFile(join(nested, 'cgroup.controllers'), 'cpu memory\n');
    const self = join(root, 'self-cgroup');
    await writeFile(self, '0::/kubepods.slice/pod-1\n');
    expect(await resolveCgroupDir(root, self)).toBe(nested);
    await writeFile(self, '0::/\n');
    expect(await resolveCgroupDir(root, self)).toBe(root);
    await writeFile(self, '0::/gone\n');
    expect(await resolveCgroupDir(root, self)).toBe(root);
    const v1 = await mkdtemp(join(os.tmpdir(), 'nestjs-health-cgroup-v1-'));
    dirs.push(v1);
    expect(await resolveCgroupDir(v1, self)).toBeUndefined();
  });
});

describe('SystemSampler', () => {
  let dir: string;
  const samplers: SystemSampler[] = [];
  afterEach(() => samplers.splice(0).forEach((sampler) => sampler.stop()));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    dir = await cgroupDir({
      'memory.max': `${1024 * MiB}\n`,
      'memory.current': `${300 * MiB}\n`,
      'memory.stat': `inactive_file ${44 * MiB}\n`,
      'cpu.max': '50000 100000\n',
    });
  });

  const sampler = (options: ConstructorParameters<typeof SystemSampler>[0]) => {
    const created = new SystemSampler(options);
    samplers.push(created);
    return created;
  };

  it('reports every field with its type, memory against the cgroup limit, disk via statfs', async () => {
    const system = await sampler({ cgroupRoot: dir, dataPath: dir }).snapshot();
    expectSnapshotShape(system);
    expect(system.memory_percent).toBe(25);
    expect(typeof system.disk_percent).toBe('number');
  });

  it('keeps CPU and event-loop figures from background windows, against the cgroup CPU limit', async () => {
    const limited = sampler({ cgroupRoot: dir, dataPath: dir, sampleMs: 200 });
    const host = sampler({ cgroupRoot: join(dir, 'absent'), dataPath: dir, sampleMs: 200 });
    limited.start();
    host.start();
    await burnCpu(900);
    const [busy, busyHost] = await Promise.all([limited.snapshot(), host.snapshot()]);
    limited.stop();
    host.stop();

    expect(busyHost.cpu_percent).toBeGreaterThan(5);
    // the same process time, against 0.5 CPU instead of the host's cores
    const expected = (busyHost.cpu_percent * os.availableParallelism()) / 0.5;
    expect(busy.cpu_percent).toBeGreaterThan(expected * 0.7);
    expect(busy.cpu_percent).toBeLessThan(expected * 1.3);
    // 30 ms slices hold the loop up well beyond the monitor's 10 ms timer
    expect(busy.event_loop_delay_ms).toBeGreaterThan(10);

    // a request reads the kept figures: with the sampler stopped, more work changes nothing
    await burnCpu(300);
    const later = await limited.snapshot();
    expect([later.cpu_percent, later.event_loop_delay_ms]).toEqual([busy.cpu_percent, busy.event_loop_delay_ms]);
  });

  it('serves the system block on the deep route', async () => {
    const app = await startApp('fastify', { imports: [HealthModule.forRoot({ deep: { public: true }, logger: false })] });
    try {
      const answer = await app.get('/health/deep');
      expect(answer.status).toBe(200);
      expectSnapshotShape(answer.json().system);
    } finally {
      await app.close();
    }
  });
});
