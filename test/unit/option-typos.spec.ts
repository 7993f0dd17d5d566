import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthModule, HealthTokenGuard } from '../../src/index.js';
import { resolveModuleOptions } from '../../src/health.options.js';
import { resolveStaticOptions } from '../../src/health-static-options.js';

describe('runtime options a careless user mistypes', () => {
  it.each([
    [{ defaults: { timout: 300 } }, 'HealthModule: unknown option "defaults.timout"; the keys of defaults are critical, ttl, timeout'],
    [{ shutdown: { drainMS: 10_000 } }, 'HealthModule: unknown option "shutdown.drainMS"; the keys of shutdown are drainMs'],
    [{ exposeError: true }, 'HealthModule: unknown option "exposeError"; the options are '],
    [{ metrics: { registery: {} } }, 'HealthModule: unknown option "metrics.registery"; the keys of metrics are registry, otel, prometheus'],
  ])('refuses %j at boot, naming the key and the known ones', (options, message) => {
    expect(() => resolveModuleOptions(options, {})).toThrow(message);
  });

  it.each([null, 42, 'token', []])('refuses a forRootAsync factory that returns %j with a sentence', async (returned) => {
    @Module({ imports: [HealthModule.forRootAsync({ useFactory: () => returned as never })] })
    class AsyncModule {}
    const booted = NestFactory.createApplicationContext(AsyncModule, { logger: false, abortOnError: false });
    await expect(booted).rejects.toThrow('HealthModule: the options must be an object (forRootAsync\'s useFactory must return one, e.g. { token })');
  });

  it('says where a static option belongs when a factory returns it, and where a runtime one belongs beside a factory', async () => {
    @Module({ imports: [HealthModule.forRootAsync({ useFactory: () => ({ path: 'status' }) as never })] })
    class StaticInFactory {}
    await expect(NestFactory.createApplicationContext(StaticInFactory, { logger: false, abortOnError: false })).rejects.toThrow(
      'HealthModule: "path" is a static option',
    );
    expect(() => HealthModule.forRootAsync({ useFactory: () => ({}), token: 's3cret' } as never)).toThrow(
      'HealthModule.forRootAsync: "token" is not a static option nor part of the async set-up',
    );
  });
});

describe('a token read from a file or an environment variable', () => {
  it('is trimmed, and an all-whitespace token counts as none', () => {
    expect(resolveModuleOptions({ token: 's3cret\n' }, {}).token).toBe('s3cret');
    expect(resolveModuleOptions({}, { HEALTH_TOKEN: '  s3cret  ' }).token).toBe('s3cret');
    expect(resolveModuleOptions({ token: '   ' }, {}).token).toBeUndefined();
    expect(resolveModuleOptions({}, { HEALTH_TOKEN: '\n' }).token).toBeUndefined();
  });

  it('is refused at boot when it has whitespace inside, naming token', () => {
    expect(() => resolveModuleOptions({ token: 'two words' }, {})).toThrow(
      'HealthModule: token contains whitespace inside it, which no "Authorization: Bearer" header can carry',
    );
    expect(() => resolveModuleOptions({}, { HEALTH_TOKEN: 'a\tb' })).toThrow('HealthModule: token (from HEALTH_TOKEN) contains whitespace inside it');
  });
});

describe('static options, typed at boot like the runtime ones', () => {
  it.each([
    [{ deep: { public: 'false' } }, 'HealthModule: deep.public must be a boolean, got "false"'],
    [{ deep: { guards: HealthTokenGuard } }, 'HealthModule: deep.guards must be an array of guard classes or instances, got function HealthTokenGuard'],
    [{ deep: { guards: ['HealthTokenGuard'] } }, 'HealthModule: deep.guards must be an array of guard classes or instances, got ["HealthTokenGuard"]'],
    [{ deep: { decorators: 'Public' } }, 'HealthModule: deep.decorators must be an array of decorators (functions), got "Public"'],
    [{ deep: { guard: [HealthTokenGuard] } }, 'HealthModule: unknown option "deep.guard"; the keys of deep are guards, public, decorators'],
    [{ decorators: [42] }, 'HealthModule: decorators must be an array of decorators (functions), got [42]'],
    [{ path: 42 }, 'HealthModule: path must be a string, got 42'],
    [{ routes: 'live' }, 'HealthModule: routes must be an object such as { live: "livez" }, got "live"'],
    [{ routes: { liveness: 'livez' } }, 'HealthModule: unknown option "routes.liveness"; the keys of routes are live, ready, startup, deep'],
    [{ isGlobal: 'yes' }, 'HealthModule: isGlobal must be a boolean, got "yes"'],
    [{ openapi: 0 }, 'HealthModule: openapi must be a boolean, got 0'],
    [{ imports: {} }, 'HealthModule: imports must be an array of modules, got {}'],
  ])('refuses %j with a sentence', (options, message) => {
    expect(() => resolveStaticOptions(options as never)).toThrow(message);
  });

  it('keeps the deep route closed unless deep.public is exactly true', () => {
    expect(resolveStaticOptions({}).deep.access).toBe('disabled');
    expect(resolveStaticOptions({ deep: { public: false } }).deep.access).toBe('disabled');
    expect(resolveStaticOptions({ deep: { public: true } }).deep.access).toBe('public');
    expect(resolveStaticOptions({ deep: { guards: [HealthTokenGuard], public: true } }).deep.access).toBe('guarded');
  });

  it('refuses them where the module is defined, before anything boots', () => {
    expect(() => HealthModule.forRoot({ deep: { public: 'false' as never } })).toThrow('HealthModule: deep.public must be a boolean, got "false"');
  });
});
