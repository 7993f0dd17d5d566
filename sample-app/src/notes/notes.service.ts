import { Injectable, NotFoundException } from '@nestjs/common';
import { CacheStats } from '../cache/cache-stats.js';
import { CacheStore } from '../cache/cache-store.js';
import { fromDatabase } from '../database/from-database.js';
import { sampleMessages } from '../sample.messages.js';
import type { NewNote, Note } from './note.js';
import { NotesRepository } from './notes.repository.js';

const LIST_KEY = 'notes:latest';
const LIST_LIMIT = 50;
const CACHE_TTL_SECONDS = 60;
const MAX_ID = 2 ** 31 - 1;
const noteKey = (id: number) => `notes:${id}`;

/** Notes with read-through caching: the cache is an optimisation, so a cache failure falls back to the database. */
@Injectable()
export class NotesService {
  constructor(
    private readonly repository: NotesRepository,
    private readonly cache: CacheStore,
    private readonly stats: CacheStats,
  ) {}

  async create(input: NewNote): Promise<Note> {
    const note = await fromDatabase(() => this.repository.create(input));
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
    const value = await fromDatabase(load);
    // a cache that just failed would only fail again and slow the answer down
    if (cacheUp && value !== null) await this.cache.set(key, JSON.stringify(value), CACHE_TTL_SECONDS).catch(() => undefined);
    return value;
  }
}
