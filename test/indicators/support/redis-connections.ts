import { Redis } from 'ioredis';

export interface ConnectionCount {
  /** connections of this test: named with its connection name, or BullMQ's blocking `bull:<queue>` name */
  readonly ours: number;
  /** their server-side ids, which only grow: a connection replaced or added shows as a new id */
  readonly ids: readonly number[];
  /** every client of the server (other suites on the machine share it), from INFO clients */
  readonly total: number;
}

/**
 * Counts a Redis server's connections through CLIENT LIST, over a connection of its own (not counted).
 * The server may be shared: only connections carrying one of `names` are ours.
 */
export class RedisConnections {
  constructor(
    private readonly port: number,
    private readonly names: readonly string[],
  ) {}

  async count(): Promise<ConnectionCount> {
    const [list, info] = await this.ask((admin) => Promise.all([admin.client('LIST') as Promise<string>, admin.info('clients')]));
    const ids = list
      .split('\n')
      .filter((line) => this.names.includes(/ name=(\S*)/.exec(line)?.[1] ?? ''))
      .map((line) => Number(/^id=(\d+)/.exec(line)?.[1]))
      .sort((a, b) => a - b);
    const total = Number(/^connected_clients:(\d+)/m.exec(info)?.[1]);
    return { ours: ids.length, ids, total };
  }

  /** `INFO commandstats` calls of one command (e.g. `ping`) since the server started. */
  async calls(command: string): Promise<number> {
    const stats = await this.ask((admin) => admin.info('commandstats'));
    return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  }

  /** One short-lived connection per question: a server the suite kills leaves no reconnecting client behind. */
  private async ask<T>(question: (admin: Redis) => Promise<T>): Promise<T> {
    const admin = new Redis({ host: '127.0.0.1', port: this.port, connectionName: 'nestjs-health-counter', retryStrategy: () => null });
    try {
      return await question(admin);
    } finally {
      admin.disconnect();
    }
  }
}

/** The name BullMQ gives its blocking connection for a queue. */
export const bullBlockingName = (queue: string) => `bull:${Buffer.from(queue).toString('base64')}`;
