import { configFromEnv } from '../src/config.js';

describe('configFromEnv', () => {
  it('starts with no environment at all: embedded database, in-process cache, port 8080 on every interface', () => {
    const config = configFromEnv({});
    expect(config).toEqual({
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 8080,
      host: '0.0.0.0',
      healthToken: undefined,
      drainMs: undefined,
      version: undefined,
      externalApiUrl: undefined,
      dataPath: process.cwd(),
      diskThresholdGb: 1,
      checkTimeoutMs: 500,
      dbCheckTtlMs: 5000,
      dbCheckIntervalMs: undefined,
      dbCheckProbes: ['ready'],
    });
  });

  it('reads every variable of the documented contract', () => {
    const config = configFromEnv({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '9090',
      HOST: '127.0.0.1',
      HEALTH_TOKEN: 's3cret',
      DRAIN_MS: '10000',
      APP_VERSION: '1.2.3',
      EXTERNAL_API_URL: 'https://status.example.com/health',
      DATA_PATH: '/var/lib/notes',
      DISK_THRESHOLD_GB: '10',
      CHECK_TIMEOUT_MS: '300',
      DB_CHECK_TTL_MS: '1000',
      DB_CHECK_INTERVAL_MS: '250',
      DB_CHECK_PROBES: 'live, ready',
    });
    expect(config).toEqual({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 9090,
      host: '127.0.0.1',
      healthToken: 's3cret',
      drainMs: 10000,
      version: '1.2.3',
      externalApiUrl: 'https://status.example.com/health',
      dataPath: '/var/lib/notes',
      diskThresholdGb: 10,
      checkTimeoutMs: 300,
      dbCheckTtlMs: 1000,
      dbCheckIntervalMs: 250,
      dbCheckProbes: ['live', 'ready'],
    });
  });

  it('treats an empty variable as unset', () => {
    expect(configFromEnv({ HEALTH_TOKEN: '', PORT: ' ', DATABASE_URL: '' })).toEqual(
      expect.objectContaining({ healthToken: undefined, port: 8080, databaseUrl: undefined }),
    );
  });

  it.each([
    [{ PORT: 'eighty' }, 'Environment variable PORT must be a whole number from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'Environment variable PORT must be a whole number from 0 to 65535, got "70000"'],
    [{ DRAIN_MS: '-1' }, 'Environment variable DRAIN_MS must be a whole number 0 or more, got "-1"'],
    [{ CHECK_TIMEOUT_MS: '0' }, 'Environment variable CHECK_TIMEOUT_MS must be a whole number 1 or more, got "0"'],
    [{ DISK_THRESHOLD_GB: 'lots' }, 'Environment variable DISK_THRESHOLD_GB must be a number 0 or more, got "lots"'],
    [{ DATABASE_URL: 'mysql://db/notes' }, 'Environment variable DATABASE_URL must be a postgres:// or postgresql:// URL, got "mysql://db/notes"'],
    [{ REDIS_URL: 'localhost:6379' }, 'Environment variable REDIS_URL must be a redis:// or rediss:// URL, got "localhost:6379"'],
    [{ DB_CHECK_PROBES: 'ready,deep' }, 'Environment variable DB_CHECK_PROBES must be a comma-separated list of live, ready, startup, got "ready,deep"'],
  ])('refuses %p with a sentence naming the variable and the fix', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
  });
});
