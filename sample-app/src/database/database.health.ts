import { Injectable, type Type } from '@nestjs/common';
import { HealthCheck, type HealthCheckContext, type HealthCheckDetails, type HealthCheckOptions } from 'nestjs-health';
import { SqlDatabase } from './sql-database.js';

export interface DatabaseCheckSettings {
  /** ttl, or interval for background mode, and the probes it serves */
  readonly check: Pick<HealthCheckOptions, 'ttl' | 'interval' | 'probes'>;
  /** below the check's timeout, so the query gives its connection back before the check gives up on it */
  readonly queryTimeoutMs: number;
}

interface Diagnostics {
  connection_count: number;
  replication_lag_ms: number | null;
}

// one round trip; replication lag is null on a primary, ms since the last replayed transaction on a replica
const DIAGNOSTICS_SQL = `SELECT
  (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS connection_count,
  CASE WHEN pg_is_in_recovery()
    THEN round((COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) * 1000)::numeric, 1)::float8
  END AS replication_lag_ms`;

/**
 * The `database` check: critical, `SELECT 1` through the app's own pool. Its options come from the
 * environment (the fault suite moves it between probes), and decorator options are fixed when a class is
 * defined, so the class is defined per configuration.
 */
export function databaseHealth(settings: DatabaseCheckSettings): Type<unknown> {
  @Injectable()
  class DatabaseHealth {
    constructor(private readonly db: SqlDatabase) {}

    @HealthCheck({ name: 'database', critical: true, ...settings.check })
    async database(ctx: HealthCheckContext): Promise<HealthCheckDetails> {
      await this.db.query('SELECT 1', [], { timeoutMs: settings.queryTimeoutMs });
      const { pool_size, pool_available, pool_waiting } = this.db.poolStats();
      if (ctx.probe !== 'deep') return { pool_size, pool_available };
      const [diagnostics] = await this.db.query<Diagnostics>(DIAGNOSTICS_SQL, [], { timeoutMs: settings.queryTimeoutMs });
      return { pool_size, pool_available, pool_waiting, engine: this.db.engine, ...diagnostics };
    }
  }
  return DatabaseHealth;
}
