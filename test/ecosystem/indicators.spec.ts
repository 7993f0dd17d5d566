import { Injectable } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import {
  checkDiskSpace,
  checkEventLoopDelay,
  checkHttp,
  checkMemory,
  checkTcp,
  HealthCheck,
  type HealthCheckContext,
  HealthModule,
} from '../../src/index.js';
import { startApp } from '../support/http-app.js';

const portOf = (server: { address(): unknown }) => (server.address() as AddressInfo).port;

/** A port that nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('checkDiskSpace on a real directory', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(os.tmpdir(), 'nestjs-health-disk-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reports the seed's free_gb with the same use as df", async () => {
    const details = await checkDiskSpace({ path: dir, minFreeGb: 0.001, maxUsedPercent: 100 });
    const [, , used, available] = execFileSync('df', ['-Pk', dir], { encoding: 'utf8' }).trim().split('\n')[1].split(/\s+/).map(Number);
    expect(details.used_percent).toBeCloseTo((used / (used + available)) * 100, 0);
    expect(details.free_gb).toBeCloseTo(available / 1024 ** 2, 0);
    expect(details.total_gb).toBeGreaterThanOrEqual(details.free_gb);
    expect(details).toMatchObject({ threshold_gb: 0.001, threshold_percent: 100 });
  });

  it('throws a clear failure below the free-space minimum or above the use maximum', async () => {
    const { free_gb, used_percent } = await checkDiskSpace({ path: dir });
    const minimum = Math.ceil(free_gb + 1000);
    await expect(checkDiskSpace({ path: dir, minFreeGb: minimum })).rejects.toThrow(
      new RegExp(`^disk ${dir}: [\\d.]+ GB free, below the minimum of ${minimum} GB$`),
    );
    if (used_percent > 0.5) {
      await expect(checkDiskSpace({ path: dir, maxUsedPercent: 0.1 })).rejects.toThrow(/% used, above the maximum of 0.1%$/);
    }
  });

  it('refuses nonsense thresholds and a missing path', async () => {
    await expect(checkDiskSpace({ path: dir, minFreeGb: -1 })).rejects.toThrow('checkDiskSpace: minFreeGb must be a non-negative number, got -1');
    await expect(checkDiskSpace({ path: dir, maxUsedPercent: 150 })).rejects.toThrow('maxUsedPercent must be a number from 0 to 100, got 150');
    await expect(checkDiskSpace({ path: join(dir, 'missing') })).rejects.toThrow(/ENOENT/);
  });
});

describe('checkMemory with real heap numbers', () => {
  it('reports the heap Node reports, holds what the test retains, and fails above a threshold', () => {
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const retained = Array.from({ length: 5_000_000 }, (_, i) => i + 0.5);
    // bracket the reading: a GC may run at any time, so compare with Node's own figures taken around it
    const lower = mb(process.memoryUsage().heapUsed);
    const reading = checkMemory();
    const upper = mb(process.memoryUsage().heapUsed);
    expect(retained.length).toBe(5_000_000);
    expect(reading.heap_used_mb).toBeGreaterThanOrEqual(Math.min(lower, upper) - 0.1);
    expect(reading.heap_used_mb).toBeLessThanOrEqual(Math.max(lower, upper) + 0.1);
    // 5 M doubles alone hold about 40 MB, and they are still reachable
    expect(reading.heap_used_mb).toBeGreaterThan(38);
    expect(reading.heap_limit_mb).toBeGreaterThan(reading.heap_used_mb);
    expect(reading.rss_mb).toBeGreaterThan(reading.heap_used_mb);
    expect(() => checkMemory({ maxHeapMb: Math.floor(reading.heap_used_mb - 10) })).toThrow(/^memory: the heap in use is [\d.]+ MB, above the maximum of \d+ MB$/);
    expect(() => checkMemory({ maxRssMb: 1 })).toThrow(/^memory: RSS is [\d.]+ MB, above the maximum of 1 MB$/);
    expect(checkMemory({ maxHeapMb: 1e6, maxRssMb: 1e6 })).toMatchObject({ heap_threshold_mb: 1e6, rss_threshold_mb: 1e6 });
  });
});

describe('checkEventLoopDelay', () => {
  it('reports a blocked loop above the maximum and a calm one below it', async () => {
    await checkEventLoopDelay();
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const end = performance.now() + 150;
        while (performance.now() < end);
        resolve();
      }, 30),
    );
    // the monitor records the block at its next tick, once the loop is free again
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(checkEventLoopDelay({ maxMs: 50 })).rejects.toThrow(/^event loop: delay p99 is [\d.]+ ms, above the maximum of 50 ms$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const calm = await checkEventLoopDelay({ maxMs: 50 });
    expect(calm.event_loop_delay_ms).toBeLessThan(50);
    expect(calm.threshold_ms).toBe(50);
  });
});

describe('checkHttp against a real server', () => {
  let server: HttpServer;
  let base: string;
  const closedRequests: string[] = [];

  beforeAll(async () => {
    server = createHttpServer((request: IncomingMessage, response) => {
      request.on('close', () => closedRequests.push(request.url ?? ''));
      if (request.url?.startsWith('/ok')) response.end('fine');
      else if (request.url?.startsWith('/fail')) response.writeHead(500).end('broken');
      // '/hang' never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${portOf(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes a 200 with its status code and response time', async () => {
    const details = await checkHttp(`${base}/ok`);
    expect(details.status_code).toBe(200);
    expect(details.response_ms).toBeGreaterThanOrEqual(0);
  });

  it('fails a 500 unless the check expects it, without showing query strings', async () => {
    await expect(checkHttp(`${base}/fail?token=s3cret`)).rejects.toThrow(new Error(`GET ${base}/fail answered 500, expected 2xx`));
    await expect(checkHttp(`${base}/fail`, { expectStatus: [500, 503] })).resolves.toMatchObject({ status_code: 500 });
  });

  it('keeps URL credentials and query tokens out of every message, also for URLs fetch refuses or cannot parse', async () => {
    const secret = /hunter2|abc123|monitor:/;
    const withCredentials = `http://monitor:hunter2@127.0.0.1:${portOf(server)}/fail?token=abc123`;
    for (const url of [withCredentials, 'http://monitor:hunter2@[bad/healthz?token=abc123', 'not a url monitor:hunter2?token=abc123']) {
      const error = await checkHttp(url).then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect([url, secret.test(error!.message), error!.cause]).toEqual([url, false, undefined]);
    }
  });

  it('aborts a hanging request through the signal, and the server sees the connection go', async () => {
    const controller = new AbortController();
    const reason = new Error('timed out after 100 ms');
    setTimeout(() => controller.abort(reason), 100);
    const startedAt = performance.now();
    await expect(checkHttp(`${base}/hang`, { signal: controller.signal })).rejects.toBe(reason);
    expect(performance.now() - startedAt).toBeLessThan(2000);
    await waitFor(() => closedRequests.includes('/hang'));
  });

  it('names the URL and the network error for a closed port', async () => {
    const port = await closedPort();
    await expect(checkHttp(`http://127.0.0.1:${port}/health`)).rejects.toThrow(
      `GET http://127.0.0.1:${port}/health failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it("is cancelled by the check's own timeout inside HealthModule", async () => {
    closedRequests.length = 0;
    @Injectable()
    class Upstream {
      @HealthCheck({ name: 'upstream', timeout: 150 })
      ping({ signal }: HealthCheckContext) {
        return checkHttp(`${base}/hang`, { signal });
      }
    }
    const app = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false })], providers: [Upstream] });
    try {
      const answer = await app.get('/health/ready');
      expect(answer.status).toBe(503);
      expect(answer.json().checks.upstream).toMatchObject({ healthy: false, error: 'reason withheld' });
      await waitFor(() => closedRequests.includes('/hang'));
    } finally {
      await app.close();
    }
  });
});

describe('checkTcp against real ports', () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    server = createTcpServer((socket) => {
      connections += 1;
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = portOf(server);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('connects to a listening port and closes again', async () => {
    const details = await checkTcp({ host: '127.0.0.1', port });
    expect(details.connect_ms).toBeGreaterThanOrEqual(0);
    await waitFor(() => connections === 1);
  });

  it('fails a closed port with the reason', async () => {
    const closed = await closedPort();
    await expect(checkTcp({ host: '127.0.0.1', port: closed })).rejects.toThrow(
      `TCP connect to 127.0.0.1:${closed} failed: connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
  });

  it('gives up at once when the signal aborts before the connection is made', async () => {
    const controller = new AbortController();
    const attempt = checkTcp({ host: '127.0.0.1', port, signal: controller.signal });
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(attempt).rejects.toBe(reason);
    const aborted = new AbortController();
    aborted.abort(reason);
    await expect(checkTcp({ host: '127.0.0.1', port, signal: aborted.signal })).rejects.toBe(reason);
  });
});

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
