import { validateWorkerEnvironment } from '../src/worker/worker-environment.js';

const URLS = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('validateWorkerEnvironment (the worker’s ConfigModule.forRoot({ validate }))', () => {
  it('needs the database and Redis the HTTP app uses, and nothing else', () => {
    const env = validateWorkerEnvironment(URLS);
    expect(env).toEqual(expect.objectContaining({ ...URLS, HEALTH_PORT: 9000, JOB_STUCK_AFTER_MS: 60_000, WORKER_CONCURRENCY: 2, CHECK_TIMEOUT_MS: 500 }));
  });

  it('refuses to start without DATABASE_URL: the embedded database would be a private one the HTTP app never reads', () => {
    expect(() => validateWorkerEnvironment({ REDIS_URL: URLS.REDIS_URL })).toThrow(
      'Environment variable DATABASE_URL is required by the worker: the PostgreSQL database the HTTP app uses (postgres://...)',
    );
  });

  it('refuses to start without REDIS_URL: the jobs are queued there', () => {
    expect(() => validateWorkerEnvironment({ DATABASE_URL: URLS.DATABASE_URL })).toThrow(
      'Environment variable REDIS_URL is required by the worker: the Redis the HTTP app queues analysis jobs in (redis://...)',
    );
  });

  it('reads its own variables, and refuses bad ones with a sentence naming the variable', () => {
    expect(validateWorkerEnvironment({ ...URLS, HEALTH_PORT: '9100', JOB_STUCK_AFTER_MS: '5000', WORKER_CONCURRENCY: '8' })).toEqual(
      expect.objectContaining({ HEALTH_PORT: 9100, JOB_STUCK_AFTER_MS: 5000, WORKER_CONCURRENCY: 8 }),
    );
    expect(() => validateWorkerEnvironment({ ...URLS, JOB_STUCK_AFTER_MS: '0' })).toThrow(/^Environment variable JOB_STUCK_AFTER_MS must be a whole number 1 or more, got "0"/);
    expect(() => validateWorkerEnvironment({ ...URLS, WORKER_CONCURRENCY: 'many' })).toThrow(/^Environment variable WORKER_CONCURRENCY must be a whole number from 1 to 100/);
    expect(() => validateWorkerEnvironment({ ...URLS, HEALTH_PORT: '70000' })).toThrow(/^Environment variable HEALTH_PORT must be a whole number from 0 to 65535/);
  });
});
