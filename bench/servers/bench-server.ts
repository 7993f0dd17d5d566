import { createServer } from 'node:net';

/** A server one bench child process runs: where it listens, how it stops, and counters the parent may read. */
export interface BenchServer {
  readonly port: number;
  close(): Promise<void>;
  /** e.g. how many times the storm check ran */
  counters?(): Record<string, number>;
}

export const LOOPBACK = '127.0.0.1';

/** A loopback port that was free a moment ago, for servers that do not report the port they bound (gRPC, the probe server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portOf(address: unknown): number {
  const port = (address as { port?: number } | null)?.port;
  if (typeof port !== 'number') throw new Error(`bench server: expected a TCP address, got ${String(address)}`);
  return port;
}
