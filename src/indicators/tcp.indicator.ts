import { connect } from 'node:net';
import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { refuseUnknownKeys } from './indicator-options.js';
import { describeNetworkError } from './network-error.js';

export interface TcpConnectOptions {
  host: string;
  port: number;
  /** the check's `ctx.signal`: the attempt is abandoned when the check times out or the app shuts down */
  signal?: AbortSignal;
}

export type TcpConnectDetails = {
  connect_ms: number;};

/**
 * Opens a TCP connection and closes it at once: proves something listens, without speaking its protocol.
 * Returns `{ connect_ms }`; throws on refusal, an unknown host or a reset.
 */
export function checkTcp(options: TcpConnectOptions): Promise<TcpConnectDetails> {
  try {
    refuseUnknownKeys('checkTcp', options, ['host', 'port', 'signal']);
  } catch (error) {
    return Promise.reject(error);
  }
  const { host, port, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const startedAt = performance.now();
    const socket = connect({ host, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      const connectMs = performance.now() - startedAt;
      socket.destroy();
      resolve({ connect_ms: round1(connectMs) });
    });
    socket.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new Error(indicatorMessages.tcpFailed(host, port, describeNetworkError(error)), { cause: error }));
    });
  });
}
