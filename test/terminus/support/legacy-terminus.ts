import type { TerminusIndicatorResult } from '../../../src/terminus/index.js';

// Terminus ≤ 11's HealthIndicator and HealthCheckError, as terminus 10 shipped them: terminus 12 no longer
// exports either, so apps that still carry such indicators define nothing new but keep these shapes.

export abstract class HealthIndicator {
  protected getStatus(key: string, isHealthy: boolean, data?: Record<string, unknown>): TerminusIndicatorResult {
    return { [key]: { status: isHealthy ? 'up' : 'down', ...data } };
  }
}

export class HealthCheckError extends Error {
  causes: unknown;
  isHealthCheckError = true;

  constructor(message: string, causes: unknown) {
    super(message);
    this.causes = causes;
  }
}

/** A custom indicator in the old style: returns `getStatus(key, true)` or throws a `HealthCheckError`. */
export class DogHealthIndicator extends HealthIndicator {
  badDogs = 0;
  message?: string;

  async isHealthy(key: string): Promise<TerminusIndicatorResult> {
    const result = this.getStatus(key, this.badDogs === 0, { badboys: this.badDogs, ...(this.message && { message: this.message }) });
    if (this.badDogs === 0) return result;
    throw new HealthCheckError('Dogcheck failed', result);
  }
}
