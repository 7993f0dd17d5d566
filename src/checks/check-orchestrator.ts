import { Injectable } from '@nestjs/common';
import { CheckRegistry } from './check-registry.js';
import type { CheckDefinition } from './check-definition.js';

/** Starts background (interval) runs at bootstrap and stops every run at shutdown; checks added later start at once. */
@Injectable()
export class CheckOrchestrator {
  private started = false;

  constructor(private readonly registry: CheckRegistry) {}

  /** Adds a check while the app runs; returns the function that removes it again. */
  add(definition: CheckDefinition): () => void {
    const runner = this.registry.add(definition);
    if (this.started) runner.start();
    return () => this.registry.remove(definition);
  }

  startAll(): void {
    this.started = true;
    for (const runner of this.registry.all()) runner.start();
  }

  stopAll(): void {
    this.started = false;
    for (const runner of this.registry.all()) runner.stop();
  }
}
