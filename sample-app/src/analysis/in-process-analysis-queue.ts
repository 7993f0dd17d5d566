import { Logger } from '@nestjs/common';
import { sampleMessages } from '../sample.messages.js';
import { AnalysisQueue, type QueuedAnalysis } from './analysis-jobs.js';
import type { NoteAnalyser } from './note-analyser.js';

/** Without REDIS_URL: the job runs in this process right after the answer, so `npm start` works with nothing else running. */
export class InProcessAnalysisQueue extends AnalysisQueue {
  private readonly logger = new Logger('Analysis');
  private jobs = 0;

  constructor(private readonly analyser: NoteAnalyser) {
    super();
  }

  async enqueue(noteId: number): Promise<QueuedAnalysis> {
    const jobId = `in-process-${++this.jobs}`;
    setImmediate(() => {
      this.analyser.analyse(noteId).catch((error: unknown) => {
        this.logger.warn(sampleMessages.analysisFailed(noteId, error instanceof Error ? error.message : String(error)));
      });
    });
    return { note_id: noteId, job_id: jobId, runs_in: 'in-process' };
  }
}
