import { Logger } from '@nestjs/common';
import { sampleMessages } from '../sample.messages.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * A table created on first use rather than at boot, so a database that is down while the app starts makes it
 * unready, never unable to start; a failed attempt is logged and tried again on the next use.
 */
export class TableSchema {
  private readonly logger = new Logger('Database');
  private created?: Promise<void>;

  constructor(
    private readonly db: SqlDatabase,
    private readonly table: string,
    private readonly script: string,
  ) {}

  ensure(): Promise<void> {
    this.created ??= this.db.execute(this.script).catch((error: unknown) => {
      this.created = undefined;
      this.logger.warn(sampleMessages.schemaFailed(this.table, error instanceof Error ? error.message : String(error)));
      throw error;
    });
    return this.created;
  }
}
