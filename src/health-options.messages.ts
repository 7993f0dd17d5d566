import { describeValue } from './describe-value.js';

/** Messages about HealthModule's own options. */
export const optionMessages = {
  invalid: (option: string, rule: string, value: unknown) => `HealthModule: ${option} ${rule}, got ${describeValue(value)}`,
  unknownKey: (parent: string | undefined, key: string, known: ReadonlySet<string>) =>
    `HealthModule: unknown option "${parent === undefined ? key : `${parent}.${key}`}"; the ${parent === undefined ? 'options' : `keys of ${parent}`} are ${[...known].join(', ')}`,
  staticInFactory: (key: string) =>
    `HealthModule: "${key}" is a static option (it shapes the routes, which exist before any factory runs); give it to forRootAsync({ ${key}, useFactory }) directly, not in what useFactory returns`,
  runtimeBesideFactory: (key: string) =>
    `HealthModule.forRootAsync: "${key}" is not a static option nor part of the async set-up (useFactory, inject, imports, useClass, useExisting); return it from useFactory, or check its spelling`,
  notAnObject: (value: unknown) =>
    `HealthModule: the options must be an object (forRootAsync's useFactory must return one, e.g. { token }), got ${describeValue(value)}`,
  tokenWithWhitespace: (source: string) =>
    `HealthModule: ${source} contains whitespace inside it, which no "Authorization: Bearer" header can carry; check the secret's value (surrounding whitespace and newlines are trimmed)`,
  metricsExportNothing: () =>
    'HealthModule: metrics: { prometheus: false } without otel: true would export nothing; add otel: true to record through OpenTelemetry only, or set metrics: false',
  registryWithoutPrometheus: () =>
    'HealthModule: metrics.registry is a prom-client registry, but metrics.prometheus is false, so nothing would be written to it; remove registry, or prometheus: false',
  importedTwice: (count: number) =>
    `HealthModule is imported ${count} times in this application; import HealthModule.forRoot() once, in the root module (it is global, so every module can inject HealthService and HealthRegistry)`,
};
