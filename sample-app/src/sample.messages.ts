/** Every user-facing message of the sample app, one small function each. */
export const sampleMessages = {
  invalidEnv: (name: string, rule: string, value: string, fix: string) =>
    `Environment variable ${name} ${rule}, got ${JSON.stringify(value)}: ${fix}`,
  unknownProbe: (value: string) =>
    `Environment variable DB_CHECK_PROBES must be a comma-separated list of live, ready, startup, got ${JSON.stringify(value)}: use e.g. "ready" (the default) or "live,ready"`,
  listening: (host: string, port: number) => `listening on http://${host}:${port}`,
  embeddedDatabase: () =>
    'DATABASE_URL is not set: using an embedded PostgreSQL (PGlite, in memory; data is lost on exit)',
  deepRouteClosed: () => 'HEALTH_TOKEN is not set: the deep route answers 404; set it to open the operator view behind a bearer token',
  inProcessCache: () => 'REDIS_URL is not set: using an in-process cache (not shared between replicas)',
  redisUnreachable: (reason: string) => `Redis is unreachable (${reason}); reads fall back to the database`,
  redisBack: () => 'Redis is reachable again; reads are cached',
  schemaFailed: (table: string, reason: string) => `Could not create the ${table} table (${reason}); retrying on the next request`,
  databaseUnavailable: () => 'The database is unavailable; try again shortly',
  invalidNote: (field: string, rule: string) => `Note ${field} ${rule}`,
  noteNotFound: (id: number) => `Note ${id} does not exist`,
  startFailed: (reason: string) => `The sample app could not start: ${reason}`,
  noteNotAnalysed: (id: number) => `Note ${id} has not been analysed yet: POST /notes/${id}/analysis queues it`,
  jobQueueUnavailable: () => 'The job queue is unavailable; try again shortly',
  inProcessJobs: () => 'REDIS_URL is not set: note analyses run in this process (start the worker with REDIS_URL to run them there)',
  analysisFailed: (id: number, reason: string) => `Analysis of note ${id} failed: ${reason}`,
  workerNeeds: (name: string, why: string) => `Environment variable ${name} is required by the worker: ${why}`,
  workerConsuming: (queue: string, concurrency: number, port: number) =>
    `worker consuming "${queue}" jobs (concurrency ${concurrency}); probes on http://*:${port}/health`,
  workerStartFailed: (reason: string) => `The sample worker could not start: ${reason}`,
};
