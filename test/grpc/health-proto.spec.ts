import protoLoader from '@grpc/proto-loader';
import {
  decodeCheckRequest,
  decodeList,
  decodeStatus,
  encodeCheckRequest,
  encodeList,
  encodeStatus,
  healthServiceDefinition,
} from '../../src/grpc/health-proto.js';
import { HEALTH_PROTO } from './support/grpc-app.js';

// protobufjs, through proto-loader and the standard proto, is the reference the hand-written encoding must match
const reference = protoLoader.loadSync(HEALTH_PROTO, { enums: String, defaults: true, keepCase: true })['grpc.health.v1.Health'] as Record<
  string,
  { requestSerialize(value: object): Buffer; requestDeserialize(bytes: Buffer): any; responseSerialize(value: object): Buffer; responseDeserialize(bytes: Buffer): any }
>;

const NAMES = ['', 'readiness', 'hero.HeroService', 'ünïcödé.Sërvice', 'x'.repeat(200), 'y'.repeat(256)];

describe('the grpc.health.v1 encoding shipped in code', () => {
  it.each(NAMES)('reads the request protobufjs writes for %j, and writes one protobufjs reads', (service) => {
    expect(decodeCheckRequest(reference.Check.requestSerialize({ service }))).toEqual({ service });
    expect(reference.Check.requestDeserialize(encodeCheckRequest({ service }))).toEqual({ service });
  });

  it('writes each serving status as protobufjs reads it', () => {
    expect([0, 1, 2, 3].map((status) => reference.Check.responseDeserialize(encodeStatus(status as 0 | 1 | 2 | 3)).status)).toEqual([
      'UNKNOWN',
      'SERVING',
      'NOT_SERVING',
      'SERVICE_UNKNOWN',
    ]);
    for (const status of ['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const) {
      expect(decodeStatus(reference.Check.responseSerialize({ status }))).toBe(['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'].indexOf(status));
    }
  });

  it('writes the List map as protobufjs reads it, and reads it back', () => {
    const statuses = new Map([
      ['', 1],
      ['liveness', 1],
      ['hero.HeroService', 2],
      ['ünïcödé', 0],
    ] as const);
    const bytes = encodeList(statuses);
    expect(reference.List.responseDeserialize(bytes).statuses).toEqual({
      '': { status: 'SERVING' },
      liveness: { status: 'SERVING' },
      'hero.HeroService': { status: 'NOT_SERVING' },
      ünïcödé: { status: 'UNKNOWN' },
    });
    expect(decodeList(bytes)).toEqual(statuses);
  });

  it('refuses a name over 256 bytes without making a string of it', () => {
    expect(decodeCheckRequest(reference.Check.requestSerialize({ service: 'z'.repeat(257) }))).toEqual({ service: null });
    // 129 two-byte characters: 258 bytes
    expect(decodeCheckRequest(reference.Check.requestSerialize({ service: 'é'.repeat(129) }))).toEqual({ service: null });
  });

  it('skips fields it does not know, as protobuf readers must', () => {
    // field 2 varint 150, field 3 fixed64, field 4 fixed32, then service = "ab", then field 5 bytes
    const bytes = Buffer.from([0x10, 0x96, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4, 0x0a, 0x02, 0x61, 0x62, 0x2a, 0x01, 0xff]);
    expect(decodeCheckRequest(bytes)).toEqual({ service: 'ab' });
    expect(healthServiceDefinition.List.requestDeserialize(bytes)).toEqual({});
  });

  it.each([
    ['a truncated varint', [0x0a, 0x80]],
    ['a length beyond the message', [0x0a, 0x05, 0x61]],
    ['a deprecated group wire type', [0x0b]],
  ])('refuses %s (grpc-js answers the call INTERNAL)', (_what, bytes) => {
    expect(() => decodeCheckRequest(Buffer.from(bytes))).toThrow(/grpc\.health\.v1: /);
  });
});
