import { Redis } from 'ioredis';
import pg from 'pg';

export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = 'redis://127.0.0.1:6379';
const CONNECT_TIMEOUT_MS = 2000;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

/**
 * Fails fast, with one sentence per missing service, when the machine's PostgreSQL or Redis is not reachable:
 * these suites test against the real services, never a stand-in.
 */
export async function requireServices(): Promise<void> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    problems.push(`PostgreSQL is not reachable at ${POSTGRES_URL} (${reasonOf(error)}): start it (user postgres, trust auth, database "test")`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(`Redis is not reachable at ${REDIS_URL} (${reasonOf(error)}): start redis-server on port 6379`);
  } finally {
    redis.disconnect();
  }
  if (problems.length) {
    throw new Error(`npm run test:services needs the machine's real services. ${problems.join('. ')}. (npm test runs without them.)`);
  }
}
