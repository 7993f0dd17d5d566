import { connect } from 'node:net';

/** What came back for a hand-written request: the first response, parsed loosely, or nothing. */
export interface RawAnswer {
  /** 0 when the server closed the connection without answering */
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Sends bytes exactly as given (no client-side normalisation of the path, method or headers, which fetch and
 * node:http would do) and reads until the server closes the connection or `timeoutMs` passes.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(), timeoutMs);
    function finish() {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const headEnd = raw.indexOf('\r\n\r\n');
      if (!raw.startsWith('HTTP/')) return resolve({ status: 0, headers: {}, body: raw });
      const [statusLine, ...headerLines] = raw.slice(0, headEnd === -1 ? raw.length : headEnd).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: headEnd === -1 ? '' : raw.slice(headEnd + 4) });
    }
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    // a reset after a partial answer still counts as the answer
    socket.on('error', (error) => (chunks.length ? finish() : (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? finish() : reject(error)));
    socket.write(request);
  });
}

/** A GET with `Connection: close`, so the server ends the exchange and `rawRequest` returns at once. */
export function rawGet(target: string, headers: Record<string, string> = {}, method = 'GET'): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}
