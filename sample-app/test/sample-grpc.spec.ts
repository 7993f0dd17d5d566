import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthClient } from '../../test/grpc/support/health-client.js';
import { grpcPortFromEnv, NOTES_PROTO } from '../src/grpc/grpc-server-options.js';
import { startGrpcSample, type RunningGrpcSample } from './support/grpc-sample.js';

const NotesClient = (grpc.loadPackageDefinition(protoLoader.loadSync(NOTES_PROTO, { keepCase: true })) as any).notes
  .NotesService as grpc.ServiceClientConstructor;

describe('the sample’s gRPC flavour (embedded PostgreSQL)', () => {
  let sample: RunningGrpcSample;
  let dataDir: string;
  let notes: grpc.Client & Record<string, any>;
  let health: HealthClient;

  const call = <T>(method: string, request: object) =>
    new Promise<T>((resolve, reject) => notes[method](request, (error: Error | null, reply: T) => (error ? reject(error) : resolve(reply))));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'notes-grpc-'));
    sample = await startGrpcSample({ DATA_PATH: dataDir, DISK_THRESHOLD_GB: '0' });
    notes = new NotesClient(sample.address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, any>;
    health = new HealthClient(sample.address);
  }, 60_000);

  afterAll(async () => {
    notes?.close();
    health?.close();
    await sample?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a note and reads it back over notes.NotesService', async () => {
    const created = await call<{ id: number; title: string }>('CreateNote', { title: 'over gRPC', body: 'hi' });
    expect(await call('GetNote', { id: created.id })).toMatchObject({ id: created.id, title: 'over gRPC', body: 'hi' });
  });

  it('answers the feature’s errors with gRPC codes: NOT_FOUND, INVALID_ARGUMENT', async () => {
    await expect(call('GetNote', { id: 999_999 })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Note 999999 does not exist' });
    await expect(call('CreateNote', { title: '' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  it('serves grpc.health.v1 from the sample’s checks: its own service name among them', async () => {
    expect(await health.list()).toEqual({
      '': 'SERVING',
      readiness: 'SERVING',
      liveness: 'SERVING',
      startup: 'SERVING',
      'notes.NotesService': 'SERVING',
    });
  });

  it('listens on GRPC_PORT, 50051 by default, and refuses a port it could not report', () => {
    expect(grpcPortFromEnv({})).toBe(50051);
    expect(grpcPortFromEnv({ GRPC_PORT: '6000' })).toBe(6000);
    expect(() => grpcPortFromEnv({ GRPC_PORT: '0' })).toThrow(
      'Environment variable GRPC_PORT must be a whole number from 1 to 65535, got "0": unset it for 50051, or give a port',
    );
  });
});
