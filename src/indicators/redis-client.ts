/**
 * The part of an ioredis client (`Redis`, `Cluster`) the Redis check calls; any object of this shape fits.
 * `info` and `dbsize` are used for the deep-only extras when present.
 */
export interface IoRedisLike {
  /** `wait`, `connecting`, `connect`, `ready`, `reconnecting`, `close` or `end` */
  readonly status: string;
  ping(): Promise<unknown>;
  info?(section: string): Promise<string>;
  dbsize?(): Promise<number>;
}

/** The part of a node-redis (`redis` v4+) client the Redis check calls; any object of this shape fits. */
export interface NodeRedisLike {
  /** true from `connect()` until `quit()`/`close()`, reconnections included */
  readonly isOpen: boolean;
  /** true while connected and ready for commands */
  readonly isReady: boolean;
  ping(): Promise<unknown>;
  info?(section: string): Promise<unknown>;
  dbSize?(): Promise<number>;
}

export type RedisClientLike = IoRedisLike | NodeRedisLike;

/**
 * Where a client stands before any command is sent: `usable` takes a PING (ioredis `wait` connects
 * lazily on it), `transient` is on its way back (a command would only queue), `closed` will not come back.
 */
export type RedisConnectionPhase = 'usable' | 'transient' | 'closed';

export interface RedisConnectionState {
  readonly phase: RedisConnectionPhase;
  /** the client's own status word; node-redis: `ready`, `reconnecting` or `closed` */
  readonly status: string;
}

const IOREDIS_TRANSIENT = new Set(['connecting', 'connect', 'reconnecting', 'close']);

export function isNodeRedis(client: RedisClientLike): client is NodeRedisLike {
  return typeof (client as NodeRedisLike).isReady === 'boolean';
}

export function isRedisClient(value: unknown): value is RedisClientLike {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<IoRedisLike & NodeRedisLike>;
  return typeof candidate.ping === 'function' && (typeof candidate.status === 'string' || typeof candidate.isReady === 'boolean');
}

/** The phase of an ioredis status word (BullMQ's own clients use the same words). */
export function statusPhase(status: string): RedisConnectionState {
  if (status === 'end') return { phase: 'closed', status };
  return { phase: IOREDIS_TRANSIENT.has(status) ? 'transient' : 'usable', status };
}

export function redisConnectionState(client: RedisClientLike): RedisConnectionState {
  if (isNodeRedis(client)) {
    if (client.isReady) return { phase: 'usable', status: 'ready' };
    return client.isOpen ? { phase: 'transient', status: 'reconnecting' } : { phase: 'closed', status: 'closed' };
  }
  return statusPhase(client.status);
}

/** `INFO <section>` as text, whichever client. */
export async function redisInfo(client: RedisClientLike, section: string): Promise<string | undefined> {
  if (client.info === undefined) return undefined;
  return String(await client.info(section));
}

export async function redisKeyCount(client: RedisClientLike): Promise<number | undefined> {
  if (isNodeRedis(client)) return client.dbSize === undefined ? undefined : Number(await client.dbSize());
  return client.dbsize === undefined ? undefined : Number(await client.dbsize());
}
