/** The BullMQ queue the HTTP app adds analysis jobs to and the worker consumes. */
export const ANALYSIS_QUEUE = 'note-analysis';
export const ANALYSIS_JOB = 'analyse';

export interface AnalysisJobData {
  noteId: number;
}

/** One job per note in the queue at a time: a second request while the first waits is the same job. */
export const analysisJobId = (noteId: number) => `note-${noteId}`;

/** What `POST /notes/:id/analysis` answers (202). */
export interface QueuedAnalysis {
  note_id: number;
  job_id: string;
  /** where the job runs: the worker (through Redis), or this process when REDIS_URL is unset */
  runs_in: 'worker' | 'in-process';
}

/** Where analysis jobs go: BullMQ on Redis for the worker, or this process without Redis. */
export abstract class AnalysisQueue {
  abstract enqueue(noteId: number): Promise<QueuedAnalysis>;
}
