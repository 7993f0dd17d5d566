/** How busy the connection pool is: the seed's `pool_size` / `pool_available`, plus callers queued for a connection. */
export interface PoolStats {
  pool_size: number;
  pool_available: number;
  pool_waiting: number;
}

export interface QueryOptions {
  /** client-side limit for this query; the pool's default otherwise */
  readonly timeoutMs?: number;
}

/**
 * The app's database, whatever runs it: a `pg` Pool on a real server or the embedded PGlite. The app, the
 * notes feature and the `database` health check all go through this one interface, so both take the same path.
 */
export abstract class SqlDatabase {
  /** `postgres` (a server via DATABASE_URL) or `pglite` (embedded) */
  abstract readonly engine: 'postgres' | 'pglite';
  abstract query<Row extends object>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Runs a script of several statements without parameters (schema set-up). */
  abstract execute(script: string): Promise<void>;
  abstract poolStats(): PoolStats;
  abstract close(): Promise<void>;
}
