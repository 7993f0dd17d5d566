import { resolveGrpcOptions } from '../../src/grpc/grpc-health.options.js';
import { isLoopbackOnly } from '../../src/grpc/loopback-url.js';
import { resolveModuleOptions } from '../../src/health.options.js';

describe('the grpc module option', () => {
  it('defaults to the standard names only and a cap of 1000 Watch streams', () => {
    expect(resolveModuleOptions({}, {}).grpc).toEqual({ services: new Map(), maxWatchStreams: 1000 });
  });

  it('keeps each service’s checks, without duplicates', () => {
    const resolved = resolveModuleOptions({ grpc: { services: { 'hero.HeroService': ['database', 'cache', 'database'], 'hero.Empty': [] }, maxWatchStreams: 50 } }, {});
    expect(resolved.grpc).toEqual({
      services: new Map([
        ['hero.HeroService', ['database', 'cache']],
        ['hero.Empty', []],
      ]),
      maxWatchStreams: 50,
    });
  });

  it.each([
    ['not an object', 'on', `HealthModule: grpc must be an object such as { services: { 'hero.HeroService': ['database'] } }, got "on"`],
    ['an unknown key', { service: {} }, 'HealthModule: unknown option "grpc.service"; the keys of grpc are services, maxWatchStreams'],
    ['services as an array', { services: ['hero.HeroService'] }, `HealthModule: grpc.services must be an object such as { 'hero.HeroService': ['database'] }, got ["hero.HeroService"]`],
    ['checks as a string', { services: { 'hero.HeroService': 'database' } }, 'HealthModule: grpc.services["hero.HeroService"] must be an array of check names, got "database"'],
    ['an empty check name', { services: { 'hero.HeroService': [''] } }, 'HealthModule: grpc.services["hero.HeroService"] must be an array of check names, got [""]'],
    ['a cap of 0', { maxWatchStreams: 0 }, 'HealthModule: grpc.maxWatchStreams must be a whole number, 1 or more, got 0'],
    ['a fractional cap', { maxWatchStreams: 2.5 }, 'HealthModule: grpc.maxWatchStreams must be a whole number, 1 or more, got 2.5'],
  ])('refuses %s, naming the option and the fix', (_what, grpc, message) => {
    expect(() => resolveModuleOptions({ grpc: grpc as never }, {})).toThrow(message);
  });

  it.each(['', 'readiness', 'liveness', 'startup'])('refuses to redefine the standard name %j', (name) => {
    expect(() => resolveGrpcOptions({ services: { [name]: ['database'] } })).toThrow(
      `HealthModule: grpc.services cannot redefine ${JSON.stringify(name)}: "", "readiness", "liveness" and "startup" always answer for the probes`,
    );
  });

  it('refuses a service name clients could not send (over 256 bytes)', () => {
    expect(() => resolveGrpcOptions({ services: { ['s'.repeat(257)]: [] } })).toThrow(/is a service name longer than 256 bytes, which clients are refused/);
  });
});

describe('isLoopbackOnly', () => {
  it.each(['localhost:50051', '127.0.0.1:50051', '127.1.2.3:5000', '[::1]:50051', 'LOCALHOST:1', 'dns:///localhost:50051'])('is true for %s', (url) => {
    expect(isLoopbackOnly(url)).toBe(true);
  });

  it.each(['0.0.0.0:50051', '[::]:50051', '10.0.0.7:50051', 'my-pod:50051', 'unix:/tmp/grpc.sock', '127.0.0.1.example.com:1'])('is false for %s', (url) => {
    expect(isLoopbackOnly(url)).toBe(false);
  });
});
