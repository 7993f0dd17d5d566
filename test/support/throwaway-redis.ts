import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnThrowaway, stopGracefully, type ThrowawayProcess } from './throwaway-process.js';
import { freePort } from './throwaway-port.js';
import { trackDir } from './throwaway-registry.js';

/** A redis-server of the suite's own on a free port, without persistence, that can be killed and brought back. */
export interface ThrowawayRedis {
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  start(): Promise<void>;
  destroy(): Promise<void>;
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
  let server: ThrowawayProcess | undefined;

  const start = async () => {
    if (server && !server.hasExited) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
    const current = spawnThrowaway('redis-server', args, { cwd: dir });
    server = current;
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (!(await ping(port))) {
      if (current.hasExited || performance.now() > deadline) {
        throw new Error(`redis-server did not answer on port ${port}:\n${current.output.slice(-20).join('\n')}`);
      }
      await sleep(50);
    }
  };
  const kill = async () => {
    await server?.kill();
  };
  await start().catch(async (error: unknown) => {
    await kill();
    removeDir();
    throw error;
  });

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return Boolean(server && !server.hasExited);
    },
    kill,
    pause: () => void server?.signal('SIGSTOP'),
    resume: () => void server?.signal('SIGCONT'),
    start,
    destroy: async () => {
      if (server) await stopGracefully(server, 'SIGTERM', 3000);
      removeDir();
    },
  };
}
