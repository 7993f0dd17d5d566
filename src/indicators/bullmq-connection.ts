/** The Redis client BullMQ hands out: ioredis in BullMQ 5, its own adapter with the same `status` in 6. */
export interface BullMQClientLike {
  readonly status: string;
}

/** Where a Queue or Worker keeps its Redis client: `client` in BullMQ 5, `getBackend().client` in 6. */
export interface BullMQConnectionHolder {
  readonly client?: Promise<BullMQClientLike>;
  getBackend?(): { readonly client?: Promise<BullMQClientLike> };
}

const pending = Symbol('pending');

/**
 * The holder's connection status without waiting: BullMQ resolves `client` only after the first
 * connection, which a Redis down at boot never gives (then `connecting`). An already-fulfilled promise
 * wins `Promise.race` against a later-listed resolved one, so a connected client is always seen.
 * `undefined` when the holder exposes no client at all.
 */
export async function bullConnectionStatus(holder: BullMQConnectionHolder): Promise<string | undefined> {
  let client: Promise<BullMQClientLike> | undefined;
  try {
    client = holder.getBackend?.().client ?? holder.client;
  } catch {
    return undefined;
  }
  if (client === undefined) return undefined;
  client.catch(() => undefined);
  const first = await Promise.race([client, Promise.resolve(pending)]).catch(() => undefined);
  if (first === pending || first === undefined) return 'connecting';
  return typeof first.status === 'string' ? first.status : undefined;
}
