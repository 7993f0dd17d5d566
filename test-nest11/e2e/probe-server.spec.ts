import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthModule } from 'nestjs-health';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '../support/nest11-app';

// compiled by tsc (CommonJS) in the temporary app, as a Nest 11 user's build would be
const THREAD_APP = join(__dirname, '..', 'build', 'fixtures', 'thread-app.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

@Injectable()
class Database {
  @HealthCheck({ name: 'database' })
  ping() {
    return { pool_size: 10 };
  }
}

describe('the probe server in thread mode on Nest 11, CommonJS', () => {
  it('loads its worker from the CommonJS build under CommonJS Jest and answers there', async () => {
    const port = await freePort();
    @Module({ imports: [HealthModule.forRoot({ server: { port, thread: true }, logger: false })], providers: [Database] })
    class InJestModule {}
    const app = await NestFactory.createApplicationContext(InJestModule, { logger: false });
    try {
      const ready = await request(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: { healthy: true, pool_size: 10 } } });
      expect(ready.headers.get('cache-control')).toBe('no-store');
    } finally {
      await app.close();
    }
  });

  it('answers liveness in milliseconds while the main loop is blocked, and readiness 503 during the block only', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [THREAD_APP], { env: { ...process.env, HEALTH_PORT: String(port), NODE_OPTIONS: '' }, stdio: ['pipe', 'pipe', 'inherit'] });
    const events: { event: string; at: number }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => events.push(JSON.parse(line)));
    const waitFor = async (event: string) => {
      for (let waited = 0; !events.some((each) => each.event === event); waited += 20) {
        if (waited > 20_000) throw new Error(`thread app: no "${event}"; saw ${JSON.stringify(events)}`);
        await sleep(20);
      }
      return events.find((each) => each.event === event)!;
    };
    try {
      await waitFor('listening');
      expect((await request(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      child.stdin!.write('block 1500\n');
      const blocking = await waitFor('blocking');
      const live: { status: number; ms: number }[] = [];
      const ready: number[] = [];
      while (Date.now() < blocking.at + 1400) {
        const started = Date.now();
        const [liveAnswer, readyAnswer] = await Promise.all([request(`http://127.0.0.1:${port}/health/live`), request(`http://127.0.0.1:${port}/health/ready`)]);
        live.push({ status: liveAnswer.status, ms: Date.now() - started });
        ready.push(readyAnswer.status);
        await sleep(50);
      }
      await waitFor('unblocked');
      await sleep(200);
      expect(live.length).toBeGreaterThan(5);
      expect(live.every((answer) => answer.status === 200 && answer.ms < 400)).toBe(true);
      expect(ready).toContain(503);
      expect((await request(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
