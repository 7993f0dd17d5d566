import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { CacheStats } from '../cache/cache-stats.js';
import { CacheStore } from '../cache/cache-store.js';
import { sampleMessages } from '../sample.messages.js';
import type { NewNote, Note } from './note.js';
import { NotesRepository } from './notes.repository.js';

const LIST_KEY = 'notes:latest';
const LIST_LIMIT = 50;
const CACHE_TTL_SECONDS = 60;
const MAX_ID = 2 ** 31 - 1;
const noteKey = (id: number) => `notes:${id}`;

/** A server error about the query itself is a bug (500); anything else means the database is out of reach. */
function isUnavailable(error: unknown): boolean {
  const { severity, code } = (error ?? {}) as { severity?: unknown; code?: unknown };
  if (severity === undefined) return true;
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention
  return typeof code === 'string' && /^(08|53|57)/.test(code);
}

/** Notes with read-through caching: the cache is an optimisation, so a cache failure falls back to the database. */
@Injectable()
export class NotesService {
  constructor(
    private readonly repository: NotesRepository,
    private readonly cache: CacheStore,
    private readonly stats: CacheStats,
  ) {}

  async create(input: NewNote): Promise<Note> {
    const note = await this.fromDatabase(() => this.repository.create(input));
    // a stale list would hide the new note; if the cache is down there is nothing to invalidate
    await this.cache.delete(LIST_KEY).catch(() => undefined);
    return note;
  }

  list(): Promise<Note[]> {
    return this.readThrough(LIST_KEY, () => this.repository.list(LIST_LIMIT));
  }

  async find(id: number): Promise<Note> {
    if (id < 1 || id > MAX_ID) throw new NotFoundException(sampleMessages.noteNotFound(id));
    const note = await this.readThrough(noteKey(id), async () => (await this.repository.find(id)) ?? null);
    if (note === null) throw new NotFoundException(sampleMessages.noteNotFound(id));
    return note;
  }

  private async readThrough<T>(key: string, load: () => Promise<T>): Promise<T> {
    let cacheUp = true;
    const cached = await this.cache.get(key).catch(() => {
      cacheUp = false;
      return undefined;
    });
    if (cached !== undefined) {
      this.stats.hit();
      return JSON.parse(cached) as T;
    }
    this.stats.miss();
    const value = await this.fromDatabase(load);
    // a cache that just failed would only fail again and slow the answer down
    if (cacheUp && value !== null) await this.cache.set(key, JSON.stringify(value), CACHE_TTL_SECONDS).catch(() => undefined);
    return value;
  }

  private async fromDatabase<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUnavailable(error)) throw new ServiceUnavailableException(sampleMessages.databaseUnavailable());
      throw error;
    }
  }
}
