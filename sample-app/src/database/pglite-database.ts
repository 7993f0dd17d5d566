import type { OnApplicationShutdown } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { SqlDatabase, type PoolStats } from './sql-database.js';

/** The embedded PostgreSQL engine (WASM, in memory): one connection, so the "pool" is one slot. */
export class PgliteDatabase extends SqlDatabase implements OnApplicationShutdown {
  readonly engine = 'pglite';
  private inFlight = 0;

  private constructor(private readonly db: PGlite) {
    super();
  }

  /** Boots the engine (a few seconds on a cold start). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    return new PgliteDatabase(await PGlite.create(dataDir ?? 'memory://'));
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.track(async () => (await this.db.query<Row>(text, [...params])).rows);
  }

  async execute(script: string): Promise<void> {
    await this.track(() => this.db.exec(script));
  }

  poolStats(): PoolStats {
    // PGlite queues queries on its single connection: everything beyond the first waits
    return { pool_size: 1, pool_available: this.inFlight > 0 ? 0 : 1, pool_waiting: Math.max(0, this.inFlight - 1) };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }
}
