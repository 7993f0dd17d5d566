/** What a probe-server path serves. */
export type ProbeTarget = 'live' | 'ready' | 'startup' | 'deep' | 'metrics';

/** How the deep route is authorised on the probe server: open (`deep.public`) or behind the token. */
export type DeepAuthorisation = 'open' | 'token';

/**
 * Everything the probe server's HTTP front needs, as plain data: it crosses into the worker thread as
 * `workerData`, so it holds no function and no object of the main thread.
 */
export interface FrontConfig {
  readonly port: number;
  readonly host?: string;
  /** exact paths (no prefix, no normalisation) and what each serves */
  readonly routes: readonly (readonly [path: string, target: ProbeTarget])[];
  readonly deep: DeepAuthorisation;
  /** the deep route's token when `deep` is `token` */
  readonly token?: string;
}

/** One request the front hands to whoever answers probes: the main thread, or the worker on its behalf. */
export interface ProbeAsk {
  readonly target: ProbeTarget;
  readonly accept?: string;
  /** `?verbose`: kube-apiserver-style text */
  readonly verbose: boolean;
  /** `?history` on the deep route: each check's history in the body */
  readonly history: boolean;
}

/** An answer in the shape every health answer has (`HealthAnswer`), with any status a front may give. */
export interface FrontAnswer {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers probes for the front: synchronously when it can. */
export interface ProbeBackend {
  answer(ask: ProbeAsk): FrontAnswer | Promise<FrontAnswer>;
}

/** A query parameter present with or without a value (`?verbose`, `?history=1`), as `name in request.query` reads it on the app. */
export function hasParameter(query: string, name: string): boolean {
  if (query === '') return false;
  for (const pair of query.split('&')) if (pair.split('=', 1)[0] === name) return true;
  return false;
}
