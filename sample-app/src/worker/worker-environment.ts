import { numberVariable, validateEnvironment, type Environment, type RawEnvironment } from '../config/environment.js';
import { sampleMessages } from '../sample.messages.js';

/** The worker's environment: the sample's, with the database and Redis required and its own variables. */
export interface WorkerEnvironment extends Environment {
  DATABASE_URL: string;
  REDIS_URL: string;
  /** the probe server's port; 9000 when unset */
  HEALTH_PORT: number;
  /** ms without a job starting, finishing or reporting progress while jobs wait, before liveness fails */
  JOB_STUCK_AFTER_MS: number;
  /** jobs run at once */
  WORKER_CONCURRENCY: number;
}

export const DEFAULT_WORKER_HEALTH_PORT = 9000;

/** `ConfigModule.forRoot({ validate })` of the worker: sample-app/README.md documents each variable. */
export function validateWorkerEnvironment(env: RawEnvironment): WorkerEnvironment {
  const base = validateEnvironment(env);
  // the embedded PGlite lives inside one process: the worker would write where the HTTP app never reads
  if (base.DATABASE_URL === undefined) throw new Error(sampleMessages.workerNeeds('DATABASE_URL', 'the PostgreSQL database the HTTP app uses (postgres://...)'));
  if (base.REDIS_URL === undefined) throw new Error(sampleMessages.workerNeeds('REDIS_URL', 'the Redis the HTTP app queues analysis jobs in (redis://...)'));
  return {
    ...base,
    DATABASE_URL: base.DATABASE_URL,
    REDIS_URL: base.REDIS_URL,
    HEALTH_PORT: base.HEALTH_PORT ?? DEFAULT_WORKER_HEALTH_PORT,
    JOB_STUCK_AFTER_MS: numberVariable(env, 'JOB_STUCK_AFTER_MS', { integer: true, min: 1 }) ?? 60_000,
    WORKER_CONCURRENCY: numberVariable(env, 'WORKER_CONCURRENCY', { integer: true, min: 1, max: 100 }) ?? 2,
  };
}
