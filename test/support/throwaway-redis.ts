import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startThrowawayServer, type ThrowawayServer } from './throwaway-server.js';
import { freePort } from './throwaway-port.js';
import { trackDir } from './throwaway-registry.js';

/** A redis-server of the suite's own on a free port, without persistence, that can be killed and brought back. */
export interface ThrowawayRedis extends ThrowawayServer {
  readonly port: number;
  readonly url: string;
}

const READY_TIMEOUT_MS = 10_000;

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-health-redis-'));
  const removeDir = trackDir(dir);
  const port = await freePort();
  const controls = await startThrowawayServer({
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    options: { cwd: dir },
    waitUntilAnswering: async (server) => {
      const deadline = performance.now() + READY_TIMEOUT_MS;
      while (!(await ping(port))) {
        if (server.hasExited || performance.now() > deadline) {
          throw new Error(`redis-server did not answer on port ${port}:\n${server.output.slice(-20).join('\n')}`);
        }
        await sleep(50);
      }
    },
    stopSignal: 'SIGTERM',
    stopGraceMs: 3000,
    removeDir,
  });
  // assign onto the controls, not a spread copy: `running` is a getter
  return Object.assign(controls, { port, url: `redis://127.0.0.1:${port}` });
}
