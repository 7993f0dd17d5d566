import { Injectable } from '@nestjs/common';

/** The app's own cache counters: a read served from the cache is a hit; a miss or a cache error is a miss. */
@Injectable()
export class CacheStats {
  private hits = 0;
  private misses = 0;

  hit(): void {
    this.hits++;
  }

  miss(): void {
    this.misses++;
  }

  /** hits / reads, two decimals; null before the first read */
  hitRate(): number | null {
    const reads = this.hits + this.misses;
    return reads === 0 ? null : Math.round((this.hits / reads) * 100) / 100;
  }
}
