import { validateEnvironment } from '../src/config/environment.js';

describe('validateEnvironment (ConfigModule.forRoot({ validate }))', () => {
  it('starts with no environment at all: embedded database, in-process cache, port 8080 on every interface', () => {
    const config = validateEnvironment({});
    expect(config).toEqual({
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      PORT: 8080,
      HOST: '0.0.0.0',
      HEALTH_TOKEN: undefined,
      DRAIN_MS: undefined,
      APP_VERSION: undefined,
      EXTERNAL_API_URL: undefined,
      DATA_PATH: process.cwd(),
      DISK_THRESHOLD_GB: 1,
      CHECK_TIMEOUT_MS: 500,
      DB_CHECK_TTL_MS: 5000,
      DB_CHECK_INTERVAL_MS: undefined,
      DB_CHECK_PROBES: ['ready'],
    });
  });

  it('reads every variable of the documented contract', () => {
    const config = validateEnvironment({
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
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 9090,
      HOST: '127.0.0.1',
      HEALTH_TOKEN: 's3cret',
      DRAIN_MS: 10000,
      APP_VERSION: '1.2.3',
      EXTERNAL_API_URL: 'https://status.example.com/health',
      DATA_PATH: '/var/lib/notes',
      DISK_THRESHOLD_GB: 10,
      CHECK_TIMEOUT_MS: 300,
      DB_CHECK_TTL_MS: 1000,
      DB_CHECK_INTERVAL_MS: 250,
      DB_CHECK_PROBES: ['live', 'ready'],
    });
  });

  it('treats an empty variable as unset', () => {
    expect(validateEnvironment({ HEALTH_TOKEN: '', PORT: ' ', DATABASE_URL: '' })).toEqual(
      expect.objectContaining({ HEALTH_TOKEN: undefined, PORT: 8080, DATABASE_URL: undefined }),
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
    expect(() => validateEnvironment(env)).toThrow(message);
  });

  it.each([
    ['mysql://notes:hunter2@db/notes', 'got "mysql://notes:***@db/notes"'],
    ['postgres//notes:hunter2@db/notes', 'got "postgres//notes:***@db/notes"'],
  ])('never prints the password of a URL it refuses (%s)', (value, shown) => {
    let message = '';
    try {
      validateEnvironment({ DATABASE_URL: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(shown);
    expect(message).not.toContain('hunter2');
  });
});
