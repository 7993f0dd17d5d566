import type { OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqlDatabase, type PoolStats, type QueryOptions } from './sql-database.js';

export interface PgDatabaseOptions {
  readonly connectionString: string;
  readonly max?: number;
  /** ms an app query may take before the client gives up and discards its connection */
  readonly queryTimeoutMs?: number;
  /** ms to wait for a connection (a hung server accepts TCP but never answers the handshake) */
  readonly connectionTimeoutMs?: number;
}

const CLOSE_WAIT_MS = 2000;

/** A real PostgreSQL server behind a `pg` Pool. */
export class PgDatabase extends SqlDatabase implements OnApplicationShutdown {
  readonly engine = 'postgres';
  private readonly pool: pg.Pool;
  private readonly max: number;

  constructor(options: PgDatabaseOptions) {
    super();
    this.max = options.max ?? 10;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: this.max,
      query_timeout: options.queryTimeoutMs ?? 2000,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
      keepAlive: true,
    });
    // an idle client losing its server emits here; the pool drops it, the next query reconnects
    this.pool.on('error', () => undefined);
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    // a failed query releases its client with the error, so the pool discards a connection a hung server holds
    // pg reads a per-query query_timeout at runtime; its typings only know the pool-wide one
    const config: pg.QueryConfig & { query_timeout?: number } = { text, values: [...params], query_timeout: options.timeoutMs };
    const result = await this.pool.query(config);
    return result.rows as Row[];
  }

  async execute(script: string): Promise<void> {
    await this.pool.query(script);
  }

  poolStats(): PoolStats {
    const busy = this.pool.totalCount - this.pool.idleCount;
    return { pool_size: this.max, pool_available: this.max - busy, pool_waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    // a hung server never answers the goodbye; do not let it hold the shutdown
    await Promise.race([this.pool.end(), sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
