import { describe, expect, it } from '@jest/globals';
import type { HealthCheckOptions } from '../../src/checks/check.types.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check-defaults.js';
import { defineCheck } from '../../src/checks/check-definition.js';
import { resolveModuleOptions } from '../../src/health.options.js';
import { resolveStaticOptions } from '../../src/health-static-options.js';

const check = () => undefined;
const define = (options: unknown, defaults = DEFAULT_CHECK_OPTIONS) =>
  defineCheck('UsersRepository.ping', 'ping', check, options as HealthCheckOptions, defaults);

describe('defineCheck', () => {
  it('applies the design defaults', () => {
    expect(define(undefined)).toEqual({
      name: 'ping',
      place: 'UsersRepository.ping',
      run: check,
      critical: true,
      ttl: 0,
      timeout: 500,
      interval: undefined,
      failAfter: 1,
      probes: ['ready'],
    });
  });

  it('takes per-check defaults from the module', () => {
    expect(define({}, { critical: false, ttl: 2000, timeout: 800 })).toMatchObject({ critical: false, ttl: 2000, timeout: 800 });
  });

  it('lets the check override every default and de-duplicates probes', () => {
    expect(
      define({ name: 'database', critical: false, ttl: 5000, timeout: 200, failAfter: 3, probes: ['live', 'ready', 'live'] }),
    ).toMatchObject({ name: 'database', critical: false, ttl: 5000, timeout: 200, failAfter: 3, probes: ['live', 'ready'] });
  });

  it('accepts probes: [] for a deep-only check, and an interval without ttl', () => {
    expect(define({ probes: [] }).probes).toEqual([]);
    expect(define({ interval: 1000 }, { ...DEFAULT_CHECK_OPTIONS, ttl: 3000 })).toMatchObject({ interval: 1000, ttl: 0 });
  });

  it.each([
    [{ ttl: -5 }, 'HealthCheck "ping" on UsersRepository.ping: ttl must be a non-negative number of ms, got -5'],
    [{ ttl: NaN }, 'HealthCheck "ping" on UsersRepository.ping: ttl must be a non-negative number of ms, got NaN'],
    [{ ttl: Infinity }, 'HealthCheck "ping" on UsersRepository.ping: ttl must be a non-negative number of ms, got Infinity'],
    [{ ttl: '5000' }, 'HealthCheck "ping" on UsersRepository.ping: ttl must be a non-negative number of ms, got "5000"'],
    [{ timeout: 0 }, 'HealthCheck "ping" on UsersRepository.ping: timeout must be a positive number of ms, got 0'],
    [{ timeout: -1 }, 'HealthCheck "ping" on UsersRepository.ping: timeout must be a positive number of ms, got -1'],
    [{ timeout: NaN }, 'HealthCheck "ping" on UsersRepository.ping: timeout must be a positive number of ms, got NaN'],
    [
      { timeout: 3_000_000_000 },
      'HealthCheck "ping" on UsersRepository.ping: timeout must be at most 2147483647 ms (the longest delay a Node.js timer supports), got 3000000000',
    ],
    [{ interval: 0 }, 'HealthCheck "ping" on UsersRepository.ping: interval must be a positive number of ms, got 0'],
    [{ interval: null }, 'HealthCheck "ping" on UsersRepository.ping: interval must be a positive number of ms, got null'],
    [{ critical: 'yes' }, 'HealthCheck "ping" on UsersRepository.ping: critical must be a boolean, got "yes"'],
    [{ name: '' }, 'HealthCheck "" on UsersRepository.ping: name must be a non-empty string, got ""'],
    [{ name: 42 }, 'HealthCheck "42" on UsersRepository.ping: name must be a non-empty string, got 42'],
    [{ failAfter: 0 }, 'HealthCheck "ping" on UsersRepository.ping: failAfter must be a whole number of runs, 1 or more, got 0'],
    [{ failAfter: 1.5 }, 'HealthCheck "ping" on UsersRepository.ping: failAfter must be a whole number of runs, 1 or more, got 1.5'],
    [
      { probes: ['ready', 'liveness'] },
      'HealthCheck "ping" on UsersRepository.ping: probes must be an array of "live", "ready", "startup", got ["ready", "liveness"]',
    ],
    [
      { probes: ['deep'] },
      'HealthCheck "ping" on UsersRepository.ping: probes must be an array of "live", "ready", "startup", got ["deep"]',
    ],
    [{ probes: 'ready' }, 'HealthCheck "ping" on UsersRepository.ping: probes must be an array of "live", "ready", "startup", got "ready"'],
    [
      { ttl: 1000, interval: 5000 },
      'HealthCheck "ping" on UsersRepository.ping: ttl and interval cannot be combined (an interval check is always read from its latest background result); remove one of them',
    ],
    [
      { timout: 100 },
      'HealthCheck "ping" on UsersRepository.ping: unknown option "timout"; the options are name, critical, ttl, timeout, interval, failAfter, probes',
    ],
    ['database', 'HealthCheck "ping" on UsersRepository.ping: options must be an object, got "database"'],
  ])('refuses %j naming the place, the rule and the value', (options, message) => {
    expect(() => define(options)).toThrow(message);
  });

  it('names the check by its given name in messages', () => {
    expect(() => define({ name: 'database', ttl: -1 })).toThrow('HealthCheck "database" on UsersRepository.ping: ttl');
  });

  it('refuses a check that is not a function', () => {
    expect(() => defineCheck('HealthRegistry.register("x")', 'x', 'nope' as never, {}, DEFAULT_CHECK_OPTIONS)).toThrow(
      'HealthCheck "x" on HealthRegistry.register("x"): check must be a function, got "nope"',
    );
  });
});

describe('resolveModuleOptions', () => {
  it('applies the design defaults outside Kubernetes', () => {
    expect(resolveModuleOptions({}, {})).toEqual({
      version: undefined,
      defaults: { critical: true, ttl: 0, timeout: 500 },
      exposeErrors: false,
      drainMs: undefined,
      defaultDrainMs: 0,
      token: undefined,
      metrics: false,
      grpc: { services: new Map(), maxWatchStreams: 1000 },
      history: { runs: 60, transitions: 20 },
      logger: undefined,
    });
  });

  it('resolves the 5000 ms Kubernetes default for apps that serve requests (test/lifecycle/drain-defaults.spec.ts applies it by kind)', () => {
    expect(resolveModuleOptions({}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' })).toMatchObject({ drainMs: undefined, defaultDrainMs: 5000 });
    expect(resolveModuleOptions({ shutdown: { drainMs: 0 } }, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }).drainMs).toBe(0);
  });

  it('reads version from APP_VERSION, then npm_package_version; an explicit version wins', () => {
    expect(resolveModuleOptions({}, { APP_VERSION: '2.0.0', npm_package_version: '1.0.0' }).version).toBe('2.0.0');
    expect(resolveModuleOptions({}, { npm_package_version: '1.0.0' }).version).toBe('1.0.0');
    expect(resolveModuleOptions({ version: '3.1.4' }, { APP_VERSION: '2.0.0' }).version).toBe('3.1.4');
  });

  it('reads the token from HEALTH_TOKEN unless given, and treats an empty one as none', () => {
    expect(resolveModuleOptions({}, { HEALTH_TOKEN: 's3cret' }).token).toBe('s3cret');
    expect(resolveModuleOptions({ token: 'given' }, { HEALTH_TOKEN: 's3cret' }).token).toBe('given');
    expect(resolveModuleOptions({}, { HEALTH_TOKEN: '' }).token).toBeUndefined();
  });

  it('merges partial defaults', () => {
    expect(resolveModuleOptions({ defaults: { ttl: 1000 } }, {}).defaults).toEqual({ critical: true, ttl: 1000, timeout: 500 });
  });

  it.each([
    [{ defaults: { ttl: -1 } }, 'HealthModule: defaults.ttl must be a non-negative number of ms, got -1'],
    [{ defaults: { timeout: 0 } }, 'HealthModule: defaults.timeout must be a positive number of ms, got 0'],
    [{ defaults: { timeout: NaN } }, 'HealthModule: defaults.timeout must be a positive number of ms, got NaN'],
    [{ defaults: { critical: 1 } }, 'HealthModule: defaults.critical must be a boolean, got 1'],
    [{ defaults: 'fast' }, 'HealthModule: defaults must be an object such as { critical, ttl, timeout }, got "fast"'],
    [{ shutdown: { drainMs: -100 } }, 'HealthModule: shutdown.drainMs must be a non-negative number of ms, got -100'],
    [{ version: 3 }, 'HealthModule: version must be a string, got 3'],
    [{ token: 1234 }, 'HealthModule: token must be a string, got 1234'],
    [{ exposeErrors: 'true' }, 'HealthModule: exposeErrors must be a boolean, got "true"'],
    [{ logger: 'verbose' }, 'HealthModule: logger must be a Nest LoggerService (with a log method) or false, got "verbose"'],
  ])('refuses %j naming the option, the rule and the value', (options, message) => {
    expect(() => resolveModuleOptions(options as never, {})).toThrow(message);
  });
});

describe('resolveStaticOptions: path and routes', () => {
  const resolveRoutes = (options: object) => {
    const { path, routes } = resolveStaticOptions(options);
    return { path, routes };
  };

  it('defaults to health/{live,ready,startup,deep}', () => {
    expect(resolveRoutes({})).toEqual({ path: 'health', routes: { live: 'live', ready: 'ready', startup: 'startup', deep: 'deep' } });
  });

  it('takes a custom path and sub-paths', () => {
    expect(resolveRoutes({ path: '', routes: { live: 'livez', ready: 'readyz' } })).toEqual({
      path: '',
      routes: { live: 'livez', ready: 'readyz', startup: 'startup', deep: 'deep' },
    });
  });

  it.each([
    [{ path: 42 }, 'HealthModule: path must be a string, got 42'],
    [{ routes: { live: '' } }, 'HealthModule: routes.live must be a non-empty string, got ""'],
    [{ routes: { deep: null } }, 'HealthModule: routes.deep must be a non-empty string, got null'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveRoutes(options as never)).toThrow(message);
  });
});
