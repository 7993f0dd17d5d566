import { spawnThrowaway, stopGracefully, type ThrowawayProcess } from './throwaway-process.js';
import type { SpawnOptions } from 'node:child_process';

/** A server of the suite's own that can be broken for real: killed, paused (SIGSTOP), resumed, restarted. */
export interface ThrowawayServer {
  readonly running: boolean;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  /** starts it again (after kill) and waits until it answers */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** stops it for good and removes its directory */
  destroy(): Promise<void>;
}

export interface ThrowawayServerSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: SpawnOptions;
  /** resolves once the server answers; throws (with its output) when it exits or takes too long */
  waitUntilAnswering(server: ThrowawayProcess): Promise<void>;
  /** the signal that stops it for good, and how long it may take before SIGKILL */
  readonly stopSignal: NodeJS.Signals;
  readonly stopGraceMs: number;
  /** removes the server's temp dir */
  removeDir(): void;
}

/** Starts the server once and returns its controls; on a failed first start it cleans up and throws. */
export async function startThrowawayServer(spec: ThrowawayServerSpec): Promise<ThrowawayServer> {
  let server: ThrowawayProcess | undefined;
  const start = async () => {
    if (server && !server.hasExited) return;
    server = spawnThrowaway(spec.command, spec.args, spec.options);
    await spec.waitUntilAnswering(server);
  };
  const kill = async () => {
    await server?.kill();
  };
  await start().catch(async (error: unknown) => {
    await kill();
    spec.removeDir();
    throw error;
  });
  return {
    get running() {
      return Boolean(server && !server.hasExited);
    },
    kill,
    pause: () => void server?.signal('SIGSTOP'),
    resume: () => void server?.signal('SIGCONT'),
    start,
    restart: async () => {
      await kill();
      await start();
    },
    destroy: async () => {
      if (server) await stopGracefully(server, spec.stopSignal, spec.stopGraceMs);
      spec.removeDir();
    },
  };
}
