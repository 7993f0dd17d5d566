import type { HealthCheckContext, HealthCheckDetails } from 'nestjs-health';
import { sampleMessages } from '../sample.messages.js';
import { CacheStore } from './cache-store.js';

const roundMb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 100) / 100;

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/** The in-process fallback when REDIS_URL is unset: private to this replica and lost on restart. */
export class MemoryCacheStore extends CacheStore {
  readonly backend = 'memory';
  private readonly entries = new Map<string, Entry>();

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** Working, but not the shared cache a fleet expects: degraded on purpose, rather than pretending to be Redis. */
  async check(ctx: HealthCheckContext): Promise<HealthCheckDetails> {
    const details: HealthCheckDetails = { degraded: true, message: sampleMessages.inProcessCache() };
    return ctx.probe === 'deep' ? { ...details, ...this.usage() } : details;
  }

  private usage(): { memory_usage_mb: number; key_count: number } {
    const now = Date.now();
    let bytes = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
      else bytes += Buffer.byteLength(key) + Buffer.byteLength(entry.value);
    }
    // payload bytes only: the map's own overhead is not measurable from inside
    return { memory_usage_mb: roundMb(bytes), key_count: this.entries.size };
  }
}
