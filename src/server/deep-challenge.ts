import { BEARER_CHALLENGE } from '../http/token-credentials.js';

/**
 * The `WWW-Authenticate` challenge of a deep request on the probe server without valid credentials: the one
 * place that decides it (a browser asking for `text/html` will get HTTP Basic once the token rule accepts it).
 */
export function deepChallenge(_accept: string | undefined): string {
  return BEARER_CHALLENGE;
}
