import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthModule } from '../../src/index.js';
import { FRONT_LIMITS } from '../../src/server/probe-front.js';
import { rawGet, rawRequest } from '../support/raw-http.js';
import { bootKind, ProbedChecks, type RunningKind } from './support/probe-apps.js';

interface Held {
  readonly socket: Socket;
  readonly openedAt: number;
  closedAt?: number;
  received: string;
}

function hold(port: number, bytes?: string): Held {
  const held: Held = { socket: connect(port, '127.0.0.1'), openedAt: Date.now(), received: '' };
  held.socket.on('data', (chunk: Buffer) => (held.received += chunk.toString('latin1')));
  held.socket.on('close', () => (held.closedAt = Date.now()));
  held.socket.on('error', () => undefined);
  if (bytes !== undefined) held.socket.write(bytes);
  return held;
}

const portOf = (app: RunningKind) => Number(new URL(app.probeUrl).port);

describe.each([false, true])('the probe server\'s own HTTP surface (thread mode: %s)', (thread) => {
  let app: RunningKind;
  beforeAll(async () => {
    app = await bootKind('context', { imports: [HealthModule.forRoot({ server: { port: 0, thread }, logger: false })], providers: [ProbedChecks] });
  });
  afterAll(() => app?.close());

  it('closes connections that send nothing, or headers too slowly, with a no-store 408 after headersTimeout', async () => {
    const idle = hold(portOf(app));
    const slow = hold(portOf(app), 'GET /health/live HTTP/1.1\r\nHost: probe\r\n');
    const deadline = FRONT_LIMITS.headersTimeoutMs + FRONT_LIMITS.checkIntervalMs + 1000;
    await sleep(deadline);
    for (const [label, held] of [['idle', idle], ['slow headers', slow]] as const) {
      expect({ label, closedWithin: held.closedAt !== undefined && held.closedAt - held.openedAt <= deadline }).toEqual({ label, closedWithin: true });
      expect(held.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(held.received).toContain('Cache-Control: no-store');
    }
  });

  it('never reads a request body: a huge POST gets its 405 at once and the connection is closed', async () => {
    const started = Date.now();
    const held = hold(portOf(app), `POST /health/ready HTTP/1.1\r\nHost: probe\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n${'x'.repeat(64 * 1024)}`);
    while (held.closedAt === undefined && Date.now() - started < 3000) await sleep(10);
    expect(held.closedAt! - started).toBeLessThan(1000);
    expect(held.received).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(held.received).toMatch(/\r\nConnection: close\r\n/i);
  });

  it(`drops connections beyond ${FRONT_LIMITS.maxConnections} at once, and answers again once the idle ones are timed out`, async () => {
    const many = Array.from({ length: FRONT_LIMITS.maxConnections + 100 }, () => hold(portOf(app)));
    await sleep(500);
    const dropped = many.filter((held) => held.closedAt !== undefined);
    expect(dropped.length).toBeGreaterThanOrEqual(100);
    // the kept ones send nothing, so headersTimeout ends them too; the probe server stays up throughout
    await sleep(FRONT_LIMITS.headersTimeoutMs + FRONT_LIMITS.checkIntervalMs + 500);
    expect(many.every((held) => held.closedAt !== undefined)).toBe(true);
    expect((await app.probe('/health/live')).status).toBe(200);
  });

  it('refuses oversized headers and URLs with a no-store 431, and serves only origin-form paths', async () => {
    const huge = await rawRequest(portOf(app), rawGet('/health/live', { 'X-Huge': 'x'.repeat(FRONT_LIMITS.maxHeaderSize) }));
    const longUrl = await rawRequest(portOf(app), rawGet(`/health/live?pad=${'a'.repeat(FRONT_LIMITS.maxHeaderSize)}`));
    for (const answer of [huge, longUrl]) expect({ status: answer.status, cache: answer.headers['cache-control'] }).toEqual({ status: 431, cache: 'no-store' });
    const absolute = await rawRequest(portOf(app), rawGet('http://probe/health/live'));
    const asterisk = await rawRequest(portOf(app), 'OPTIONS * HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n');
    expect([absolute.status, asterisk.status]).toEqual([404, 404]);
  });
});
