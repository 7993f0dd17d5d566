import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ThrowawayProcess } from './throwaway-process.js';
import { startThrowawayServer, type ThrowawayServer } from './throwaway-server.js';
import { freePort } from './throwaway-port.js';
import { trackDir } from './throwaway-registry.js';

/**
 * A PostgreSQL server of the suite's own, in a temp dir on a free port: never the machine's service.
 * It can be broken for real: killed (the whole process group, like a crashed container), paused with
 * SIGSTOP (a hang: connections stay open, nothing answers), resumed, restarted on the same port and data.
 */
export interface ThrowawayPostgres extends ThrowawayServer {
  readonly port: number;
  readonly url: string;
}

const READY_TIMEOUT_MS = 20_000;

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function waitUntilAnswering(url: string, server: ThrowawayProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.hasExited) throw new Error(`postgres exited while starting:\n${server.output.slice(-20).join('\n')}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`postgres did not answer within ${READY_TIMEOUT_MS} ms: ${String(error)}`, { cause: error });
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-health-pg-'));
  const removeDir = trackDir(dir);
  // postgres refuses to run as root, and wants its data dir to be its own
  chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], {
    ...user,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (init.status !== 0) {
    removeDir();
    throw new Error(`initdb failed: ${init.stderr || init.error}`);
  }
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'];
  const controls = await startThrowawayServer({
    command: 'postgres',
    args,
    options: { ...user, cwd: dir },
    waitUntilAnswering: (server) => waitUntilAnswering(url, server),
    // SIGQUIT is postgres' immediate shutdown: it still removes its shared memory on the way out
    stopSignal: 'SIGQUIT',
    stopGraceMs: 5000,
    removeDir,
  });
  // assign onto the controls, not a spread copy: `running` is a getter
  return Object.assign(controls, { port, url });
}
