import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthRegistry, type HealthCheckContext, type HealthCheckDetails, type HealthCheckOptions } from 'nestjs-health';
import type { Environment } from '../config/environment.js';
import { SqlDatabase } from './sql-database.js';

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

/** A query timeout below the check's, so a hung database gives the connection back before the check gives up. */
export const databaseQueryTimeoutMs = (checkTimeoutMs: number) => Math.max(1, Math.floor(checkTimeoutMs * 0.8));

/**
 * The `database` check: critical, `SELECT 1` through the app's own pool. Its ttl (or background interval) and
 * probes come from the environment, so it is registered with `HealthRegistry.register` once the configuration
 * is known, rather than decorated: decorator options are fixed when the class is defined.
 */
@Injectable()
export class DatabaseHealth implements OnModuleInit {
  private readonly queryTimeoutMs: number;

  constructor(
    private readonly db: SqlDatabase,
    private readonly registry: HealthRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.queryTimeoutMs = databaseQueryTimeoutMs(config.get('CHECK_TIMEOUT_MS', { infer: true }));
  }

  onModuleInit(): void {
    const interval = this.config.get('DB_CHECK_INTERVAL_MS', { infer: true });
    const options: Omit<HealthCheckOptions, 'name'> = {
      critical: true,
      probes: this.config.get('DB_CHECK_PROBES', { infer: true }),
      ...(interval === undefined ? { ttl: this.config.get('DB_CHECK_TTL_MS', { infer: true }) } : { interval }),
    };
    this.registry.register('database', (ctx) => this.check(ctx), options);
  }

  async check(ctx: HealthCheckContext): Promise<HealthCheckDetails> {
    await this.db.query('SELECT 1', [], { timeoutMs: this.queryTimeoutMs });
    const { pool_size, pool_available, pool_waiting } = this.db.poolStats();
    if (ctx.probe !== 'deep') return { pool_size, pool_available };
    const [diagnostics] = await this.db.query<Diagnostics>(DIAGNOSTICS_SQL, [], { timeoutMs: this.queryTimeoutMs });
    return { pool_size, pool_available, pool_waiting, engine: this.db.engine, ...diagnostics };
  }
}
