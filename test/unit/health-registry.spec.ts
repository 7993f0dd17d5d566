import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check-defaults.js';
import { CheckObservers } from '../../src/checks/check-observers.js';
import { CheckOrchestrator } from '../../src/checks/check-orchestrator.js';
import { CheckRegistry } from '../../src/checks/check-registry.js';
import { HealthRegistry } from '../../src/checks/health-registry.js';

function parts() {
  const observers = new CheckObservers();
  const checks = new CheckRegistry(observers);
  const registry = new HealthRegistry(new CheckOrchestrator(checks), checks, DEFAULT_CHECK_OPTIONS);
  return { observers, checks, registry };
}

describe('HealthRegistry', () => {
  it('answers an async run even when an outcome observer throws', async () => {
    const { observers, checks, registry } = parts();
    observers.add({
      outcome: () => {
        throw new Error('listener bug');
      },
    });
    registry.register('database', async () => ({ pool_size: 3 }));
    const [runner] = checks.runnersFor('ready');
    const outcome = await runner.outcomeFor('ready');
    expect(outcome).toMatchObject({ state: 'healthy', details: { pool_size: 3 } });
  });

  it('removes a registered check with the function register returned, and frees its name', () => {
    const { registry } = parts();
    const unregister = registry.register('cache', () => true, { critical: false });
    expect(registry.names()).toEqual(['cache']);
    expect(registry.has('cache')).toBe(true);
    unregister();
    expect(registry.names()).toEqual([]);
    expect(() => registry.register('cache', () => true)).not.toThrow();
  });

  it('offers users register, has and names only: no runner, observer or orchestration handle', () => {
    const { registry } = parts();
    const publicMethods = Object.getOwnPropertyNames(HealthRegistry.prototype).filter((name) => name !== 'constructor');
    expect(publicMethods.sort()).toEqual(['has', 'names', 'register']);
    expect(registry).not.toHaveProperty('runnersFor');
  });
});
