import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SqlDatabase } from '../database/sql-database.js';
import { TableSchema } from '../database/table-schema.js';
import type { NewNote, Note } from './note.js';

// the advisory lock lets several replicas start at once against one database without racing on the DDL
const SCHEMA = `BEGIN;
SELECT pg_advisory_xact_lock(728301);
CREATE TABLE IF NOT EXISTS notes (
  id serial PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMIT;`;

interface NoteRow {
  id: number;
  title: string;
  body: string;
  created_at: Date;
}

const toNote = (row: NoteRow): Note => ({ ...row, created_at: row.created_at.toISOString() });

/**
 * Notes in PostgreSQL. The table is created on first use, not at boot: a database that is down while the app
 * starts makes it unready, never unable to start.
 */
@Injectable()
export class NotesRepository implements OnApplicationBootstrap {
  private readonly schema: TableSchema;

  constructor(private readonly db: SqlDatabase) {
    this.schema = new TableSchema(db, 'notes', SCHEMA);
  }

  onApplicationBootstrap(): void {
    this.schema.ensure().catch(() => undefined);
  }

  async create(note: NewNote): Promise<Note> {
    await this.schema.ensure();
    const [row] = await this.db.query<NoteRow>(
      'INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id, title, body, created_at',
      [note.title, note.body],
    );
    return toNote(row);
  }

  async list(limit: number): Promise<Note[]> {
    await this.schema.ensure();
    const rows = await this.db.query<NoteRow>(
      'SELECT id, title, body, created_at FROM notes ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map(toNote);
  }

  async find(id: number): Promise<Note | undefined> {
    await this.schema.ensure();
    const [row] = await this.db.query<NoteRow>('SELECT id, title, body, created_at FROM notes WHERE id = $1', [id]);
    return row && toNote(row);
  }
}
