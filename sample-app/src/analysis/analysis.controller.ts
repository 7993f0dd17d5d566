import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common';
import { fromDatabase } from '../database/from-database.js';
import { NotesService } from '../notes/notes.service.js';
import { sampleMessages } from '../sample.messages.js';
import { AnalysisQueue, type QueuedAnalysis } from './analysis-jobs.js';
import { AnalysisRepository } from './analysis.repository.js';
import type { NoteAnalysis } from './note-analysis.js';

/** A note's analysis: queued here (202), computed by the worker, read back once it is stored. */
@Controller('notes/:id/analysis')
export class AnalysisController {
  constructor(
    private readonly notes: NotesService,
    private readonly queue: AnalysisQueue,
    private readonly analyses: AnalysisRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async request(@Param('id', ParseIntPipe) id: number): Promise<QueuedAnalysis> {
    // 404 for a note that does not exist, before anything is queued
    await this.notes.find(id);
    return this.queue.enqueue(id);
  }

  @Get()
  async find(@Param('id', ParseIntPipe) id: number): Promise<NoteAnalysis> {
    await this.notes.find(id);
    const analysis = await fromDatabase(() => this.analyses.find(id));
    if (analysis === undefined) throw new NotFoundException(sampleMessages.noteNotAnalysed(id));
    return analysis;
  }
}
