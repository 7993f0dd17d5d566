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
  schemaFailed: (reason: string) => `Could not create the notes table (${reason}); retrying on the next request`,
  databaseUnavailable: () => 'The database is unavailable; try again shortly',
  invalidNote: (field: string, rule: string) => `Note ${field} ${rule}`,
  noteNotFound: (id: number) => `Note ${id} does not exist`,
  startFailed: (reason: string) => `The sample app could not start: ${reason}`,
};
