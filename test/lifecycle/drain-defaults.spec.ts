import { resolveModuleOptions } from '../../src/health.options.js';

describe('shutdown.drainMs', () => {
  it('defaults to 5000 ms in Kubernetes (KUBERNETES_SERVICE_HOST set) and to 0 elsewhere', () => {
    expect(resolveModuleOptions({}, { KUBERNETES_SERVICE_HOST: '10.96.0.1' }).drainMs).toBe(5000);
    expect(resolveModuleOptions({}, {}).drainMs).toBe(0);
  });

  it('takes an explicit value over the default, 0 included', () => {
    expect(resolveModuleOptions({ shutdown: { drainMs: 0 } }, { KUBERNETES_SERVICE_HOST: '10.96.0.1' }).drainMs).toBe(0);
    expect(resolveModuleOptions({ shutdown: { drainMs: 12_000 } }, {}).drainMs).toBe(12_000);
  });

  it('refuses a negative or non-numeric drain with a message naming the option', () => {
    expect(() => resolveModuleOptions({ shutdown: { drainMs: -1 } }, {})).toThrow(
      'HealthModule: shutdown.drainMs must be a non-negative number of ms, got -1',
    );
    expect(() => resolveModuleOptions({ shutdown: { drainMs: '5s' as unknown as number } }, {})).toThrow(
      'HealthModule: shutdown.drainMs must be a non-negative number of ms, got "5s"',
    );
  });
});
