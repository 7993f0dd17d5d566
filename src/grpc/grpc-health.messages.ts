import { describeValue } from '../describe-value.js';

const quoted = (names: readonly string[]) => names.map((name) => JSON.stringify(name)).join(', ');

/** Messages of the grpc.health.v1 service and of the `grpc` module option. */
export const grpcMessages = {
  reservedServiceName: (name: string) =>
    `HealthModule: grpc.services cannot redefine ${JSON.stringify(name)}: "", "readiness", "liveness" and "startup" always answer for the probes; name your service as clients call it, e.g. "hero.HeroService"`,
  unknownCheck: (service: string, check: string, known: readonly string[]) =>
    `HealthModule: grpc.services[${JSON.stringify(service)}] names the check ${JSON.stringify(check)}, which does not exist; ` +
    (known.length ? `the checks are ${quoted(known)}` : 'the app has no checks') +
    ' (a check must be decorated with @HealthCheck or registered before the app bootstraps)',
  noGrpcServer: () =>
    'HealthModule: grpc.services is set, but no gRPC server of this app was created with withGrpcHealth(); pass options: withGrpcHealth({ ... }) to createMicroservice or connectMicroservice',
  invalidGrpcOptions: (value: unknown) =>
    `withGrpcHealth(): expected the options of a Nest gRPC server ({ package, protoPath, url, ... }), got ${describeValue(value)}`,
  invalidHook: (value: unknown) =>
    `withGrpcHealth(): onLoadPackageDefinition must be a function (it is called before the health service is added), got ${describeValue(value)}`,
  noHealthModule: () =>
    'withGrpcHealth(): this gRPC server belongs to an app without HealthModule; import HealthModule.forRoot() in the app module so the health service has checks to report',
  sharedOptions: () =>
    'withGrpcHealth(): the same options object serves two Nest apps; call withGrpcHealth() once per app, so each app answers with its own checks',
  definedByPackage: (packageName: string) =>
    `withGrpcHealth(): the app's own package ${JSON.stringify(packageName)} defines grpc.health.v1.Health, so Nest would serve it with the app's handlers next to nestjs-health's; ` +
    'remove grpc.health.v1 from the server\'s package and protoPath (and any @GrpcMethod(\'Health\') handlers): nestjs-health serves the service from your checks',
  alreadyServed: () =>
    'withGrpcHealth(): grpc.health.v1.Health was already added to this gRPC server, by the app\'s own onLoadPackageDefinition hook; remove it there (e.g. grpc-health-check\'s addToServer): nestjs-health serves the service from your checks',
  loopbackOnly: (url: string) =>
    `gRPC health: the gRPC server listens on ${url}, loopback only, but the kubelet's grpc probes connect to the pod IP; listen on "0.0.0.0:PORT" (or "[::]:PORT") in Kubernetes`,
  serving: (url: string, names: readonly string[]) => `gRPC health: grpc.health.v1.Health on ${url} answers ${quoted(names)}`,
  unknownService: (name: string) => `unknown service ${JSON.stringify(name)}`,
  nameTooLong: (maxBytes: number) => `service name longer than ${maxBytes} bytes`,
  tooManyWatchers: (max: number) => `too many Watch streams: at most ${max} at once on this server (grpc.maxWatchStreams)`,
  tooManyUnknownWatchers: (max: number) => `too many Watch streams on unknown service names: at most ${max} at once`,
  evaluationFailed: (service: string, reason: string) =>
    `gRPC health: evaluating ${JSON.stringify(service)} threw (${reason}); answered NOT_SERVING`,
};
