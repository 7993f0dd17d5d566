import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { refuseUnknownKeys } from './indicator-options.js';
import { describeNetworkError } from './network-error.js';
import { displayUrl, redactUrls } from './redacted-url.js';

export interface HttpPingOptions {
  /** the check's `ctx.signal`: the request is aborted when the check times out or the app shuts down */
  signal?: AbortSignal;
  /** `GET` */
  method?: string;
  headers?: Record<string, string>;
  /** status codes that pass: one, a list, or a predicate; any 2xx by default */
  expectStatus?: number | readonly number[] | ((status: number) => boolean);
}

export type HttpPingDetails = {
  status_code: number;
  response_ms: number;};

function statusMatcher(expect: HttpPingOptions['expectStatus']): [(status: number) => boolean, string] {
  if (expect === undefined) return [(status) => status >= 200 && status < 300, '2xx'];
  if (typeof expect === 'function') return [expect, 'a status the check accepts'];
  const accepted = typeof expect === 'number' ? [expect] : expect;
  return [(status) => accepted.includes(status), accepted.join(' or ')];
}

/**
 * Pings an HTTP endpoint with the platform `fetch` (undici), cancelled through the check's `signal`.
 * Returns `{ status_code, response_ms }`; throws on a network error or an unexpected status.
 */
export async function checkHttp(url: string | URL, options: HttpPingOptions = {}): Promise<HttpPingDetails> {
  refuseUnknownKeys('checkHttp', options, ['signal', 'method', 'headers', 'expectStatus']);
  const method = (options.method ?? 'GET').toUpperCase();
  const [accepts, expected] = statusMatcher(options.expectStatus);
  const startedAt = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { method, headers: options.headers, signal: options.signal });
  } catch (error) {
    // an abort is the runner's timeout or shutdown, which it reports itself
    if (options.signal?.aborted) throw options.signal.reason;
    // the network error may quote the URL whole (undici does for URLs with credentials): no cause, only its redacted text
    // eslint-disable-next-line preserve-caught-error
    throw new Error(indicatorMessages.httpFailed(method, displayUrl(url), redactUrls(describeNetworkError(error), url)));
  }
  const responseMs = performance.now() - startedAt;
  // the body is not needed: cancelling it hands the connection back at once
  await response.body?.cancel().catch(() => undefined);
  if (!accepts(response.status)) {
    throw new Error(indicatorMessages.httpUnexpectedStatus(method, displayUrl(url), response.status, expected));
  }
  return { status_code: response.status, response_ms: round1(responseMs) };
}
