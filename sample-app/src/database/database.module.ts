import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { sampleMessages } from '../sample.messages.js';
import { DatabaseHealth } from './database.health.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';
import { SqlDatabase } from './sql-database.js';

/** ms an app query may take before the pool gives its connection up */
const APP_QUERY_TIMEOUT_MS = 2000;

/** The app's database: PostgreSQL at DATABASE_URL, or the embedded PGlite without it; and its `database` check. */
@Module({
  providers: [
    {
      provide: SqlDatabase,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const url = config.get('DATABASE_URL', { infer: true });
        if (url) return new PgDatabase({ connectionString: url, queryTimeoutMs: APP_QUERY_TIMEOUT_MS });
        new Logger('Database').log(sampleMessages.embeddedDatabase());
        return PgliteDatabase.open();
      },
    },
    DatabaseHealth,
  ],
  exports: [SqlDatabase],
})
export class DatabaseModule {}
