import { Injectable } from '@nestjs/common';
import { NotesRepository } from '../notes/notes.repository.js';
import { AnalysisRepository } from './analysis.repository.js';
import { textFigures, type NoteAnalysis } from './note-analysis.js';

/** One analysis job: reads the note, computes its figures, stores them. The worker runs it; so does the HTTP app without Redis. */
@Injectable()
export class NoteAnalyser {
  constructor(
    private readonly notes: NotesRepository,
    private readonly analyses: AnalysisRepository,
  ) {}

  /** The stored analysis, or undefined when the note no longer exists (nothing to analyse: the job is done). */
  async analyse(noteId: number): Promise<NoteAnalysis | undefined> {
    const note = await this.notes.find(noteId);
    if (note === undefined) return undefined;
    return this.analyses.save(noteId, textFigures(note.title, note.body));
  }
}
