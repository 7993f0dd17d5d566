import { Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthModule } from '../../../src/index.js';
import { freePort } from '../../support/throwaway-port.js';
import { bootKind, dependency, ProbedChecks, TOKEN, type AppKind } from './probe-apps.js';

const BOOT_MS = 1500;

/** A provider whose own init takes a while, as one that connects to a slow database or warms a cache does. */
const warmUp = { doneAt: 0, checkRunsBefore: -1 };

@Injectable()
class SlowWarmUp implements OnModuleInit {
  async onModuleInit() {
    await sleep(BOOT_MS);
    warmUp.doneAt = Date.now();
    warmUp.checkRunsBefore = dependency.runs;
  }
}

interface Seen {
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

/** The probe server during a slow boot: `503 starting` (not a refused connection), and no user check run before bootstrap is done. */
export function describeSlowBoot(kind: AppKind, thread = false): void {
  it(`answers 503 starting during a slow boot of ${kind}${thread ? ' in thread mode' : ''}, running no user check, then 200`, async () => {
    const port = await freePort();
    dependency.runs = 0;
    warmUp.doneAt = 0;
    const booting = bootKind(kind, { imports: [HealthModule.forRoot({ server: { port, thread }, token: TOKEN, logger: false })], providers: [ProbedChecks, SlowWarmUp] });
    const seen: Seen[] = [];
    const startedAt = Date.now();
    let booted = false;
    void booting.then(() => (booted = true), () => (booted = true));
    while (!booted && Date.now() - startedAt < BOOT_MS * 4) {
      for (const path of ['/health/live', '/health/ready', '/health/startup', '/health/deep']) {
        try {
          const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
          const body = await answer.text();
          // only what was answered while the app was still initialising
          if (warmUp.doneAt === 0) seen.push({ path, status: answer.status, body });
        } catch {
          // not listening yet: the module's init has not run
        }
      }
      await sleep(50);
    }
    const app = await booting;
    try {
      const during = (path: string) => seen.filter((answer) => answer.path === path);
      expect(during('/health/ready').length).toBeGreaterThan(5);
      expect(new Set(during('/health/ready').map(({ status, body }) => `${status} ${JSON.parse(body).status}`))).toEqual(new Set(['503 starting']));
      expect(new Set(during('/health/startup').map(({ status, body }) => `${status} ${JSON.parse(body).status}`))).toEqual(new Set(['503 starting']));
      expect(new Set(during('/health/deep').map(({ status, body }) => `${status} ${JSON.parse(body).status}`))).toEqual(new Set(['503 starting']));
      // liveness runs no check before bootstrap either: the process is alive
      expect(new Set(during('/health/live').map(({ status, body }) => `${status} ${JSON.parse(body).status}`))).toEqual(new Set(['200 alive']));
      for (const answer of seen) expect(answer.body).not.toContain('"checks"');
      expect(warmUp.checkRunsBefore).toBe(0);

      // in thread mode the worker may still hold the last published answer for a moment: publishing is asynchronous
      let ready = await app.probe('/health/ready');
      for (const deadline = Date.now() + 3000; ready.status !== 200 && Date.now() < deadline; ) {
        await sleep(20);
        ready = await app.probe('/health/ready');
      }
      expect(ready.status).toBe(200);
      expect(dependency.runs).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
}
