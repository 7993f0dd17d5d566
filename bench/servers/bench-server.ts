/** A server one bench child process runs: where it listens, how it stops, and counters the parent may read. */
export interface BenchServer {
  readonly port: number;
  close(): Promise<void>;
  /** e.g. how many times the storm check ran */
  counters?(): Record<string, number>;
}

export const LOOPBACK = '127.0.0.1';

export function portOf(address: unknown): number {
  const port = (address as { port?: number } | null)?.port;
  if (typeof port !== 'number') throw new Error(`bench server: expected a TCP address, got ${String(address)}`);
  return port;
}
