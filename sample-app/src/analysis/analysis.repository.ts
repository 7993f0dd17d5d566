import { Injectable } from '@nestjs/common';
import { SqlDatabase } from '../database/sql-database.js';
import { TableSchema } from '../database/table-schema.js';
import type { NoteAnalysis, TextFigures } from './note-analysis.js';

// the same advisory lock as the notes table: the HTTP app and every worker may create it at once
const SCHEMA = `BEGIN;
SELECT pg_advisory_xact_lock(728301);
CREATE TABLE IF NOT EXISTS note_analyses (
  note_id integer PRIMARY KEY,
  word_count integer NOT NULL,
  reading_seconds integer NOT NULL,
  top_words text[] NOT NULL,
  analysed_at timestamptz NOT NULL DEFAULT now()
);
COMMIT;`;

interface AnalysisRow extends Omit<NoteAnalysis, 'analysed_at'> {
  analysed_at: Date;
}

const toAnalysis = (row: AnalysisRow): NoteAnalysis => ({ ...row, analysed_at: row.analysed_at.toISOString() });
const COLUMNS = 'note_id, word_count, reading_seconds, top_words, analysed_at';

/** Analyses in the app's database, one row per note: the latest analysis wins. */
@Injectable()
export class AnalysisRepository {
  private readonly schema: TableSchema;

  constructor(private readonly db: SqlDatabase) {
    this.schema = new TableSchema(db, 'note_analyses', SCHEMA);
  }

  async save(noteId: number, figures: TextFigures): Promise<NoteAnalysis> {
    await this.schema.ensure();
    const [row] = await this.db.query<AnalysisRow>(
      `INSERT INTO note_analyses (note_id, word_count, reading_seconds, top_words) VALUES ($1, $2, $3, $4)
       ON CONFLICT (note_id) DO UPDATE SET word_count = $2, reading_seconds = $3, top_words = $4, analysed_at = now()
       RETURNING ${COLUMNS}`,
      [noteId, figures.word_count, figures.reading_seconds, figures.top_words],
    );
    return toAnalysis(row);
  }

  async find(noteId: number): Promise<NoteAnalysis | undefined> {
    await this.schema.ensure();
    const [row] = await this.db.query<AnalysisRow>(`SELECT ${COLUMNS} FROM note_analyses WHERE note_id = $1`, [noteId]);
    return row && toAnalysis(row);
  }
}
