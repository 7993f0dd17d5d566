import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One probe attempt as the kubelet judges it. */
export interface ProbeAttempt {
  readonly success: boolean;
  /** HTTP status, when an answer arrived in time */
  readonly status?: number;
  /** why it failed, in the kubelet's words where it has them */
  readonly reason?: string;
  readonly durationMs: number;
}

// the kubelet reads at most this much of a probe's body
const MAX_BODY_BYTES = 10 * 1024;

/**
 * One HTTP probe the way the kubelet sends it: a fresh connection (no keep-alive), `User-Agent: kube-probe`,
 * `Accept: *\/*`, TLS unverified; 200–399 is success, anything else, an error or the timeout is failure.
 * Redirects are not followed: a 3xx already counts as success.
 */
export function sendHttpProbe(
  url: URL,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ProbeAttempt> {
  const started = performance.now();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (attempt: Omit<ProbeAttempt, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      outgoing.destroy();
      resolve({ ...attempt, durationMs: performance.now() - started });
    };
    const outgoing = request(url, {
      method: 'GET',
      agent: false,
      rejectUnauthorized: false,
      headers: { 'User-Agent': 'kube-probe/1.33', Accept: '*/*', Connection: 'close', ...headers },
    });
    const timer = setTimeout(
      () => finish({ success: false, reason: `Get "${url.href}": no answer within the ${Math.round(timeoutMs)} ms timeout` }),
      timeoutMs,
    );
    const onAbort = () => finish({ success: false, reason: 'probe cancelled' });
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    outgoing.on('error', (error) => finish({ success: false, reason: `Get "${url.href}": ${error.message}` }));
    outgoing.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      const done = () =>
        finish(
          status >= 200 && status < 400
            ? { success: true, status }
            : { success: false, status, reason: `HTTP probe failed with statuscode: ${status}` },
        );
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_BODY_BYTES) done();
      });
      response.on('end', done);
      response.on('error', (error) => finish({ success: false, status, reason: error.message }));
    });
    outgoing.end();
  });
}
