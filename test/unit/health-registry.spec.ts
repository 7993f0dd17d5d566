import { describe, expect, it } from '@jest/globals';
import { CheckTransitions } from '../../src/checks/check-transitions.js';
import { HealthRegistry } from '../../src/checks/health-registry.js';
import { resolveModuleOptions } from '../../src/health.options.js';

function registry() {
  const options = resolveModuleOptions({ logger: false }, {});
  return new HealthRegistry(options, new CheckTransitions(options));
}

describe('HealthRegistry', () => {
  it('answers an async run even when an outcome listener throws', async () => {
    const checks = registry();
    checks.onOutcome(() => {
      throw new Error('listener bug');
    });
    checks.register('database', async () => ({ pool_size: 3 }));
    const [runner] = checks.runnersFor('ready');
    const outcome = await runner.outcomeFor('ready');
    expect(outcome).toMatchObject({ state: 'healthy', details: { pool_size: 3 } });
  });

  it('removes a registered check with the function register returned, and frees its name', () => {
    const checks = registry();
    const unregister = checks.register('cache', () => true, { critical: false });
    expect(checks.names()).toEqual(['cache']);
    unregister();
    expect(checks.names()).toEqual([]);
    expect(() => checks.register('cache', () => true)).not.toThrow();
  });
});
