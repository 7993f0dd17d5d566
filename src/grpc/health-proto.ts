import type { ServiceDefinition } from '@grpc/grpc-js';
import { MAX_SERVICE_NAME_BYTES } from './grpc-health.limits.js';
import { ServingStatus } from './serving-status.js';

/**
 * The standard `grpc.health.v1` messages, encoded by hand: three tiny messages need no .proto file to ship
 * (nothing a build could forget, same bytes from dist/esm and dist/cjs) and no proto-loader at run time.
 *   message HealthCheckRequest { string service = 1; }
 *   message HealthCheckResponse { ServingStatus status = 1; }
 *   message HealthListRequest {}
 *   message HealthListResponse { map<string, HealthCheckResponse> statuses = 1; }
 */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/** A decoded request; `service` is null when the name was longer than MAX_SERVICE_NAME_BYTES. */
export interface HealthCheckRequest {
  readonly service: string | null;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;
const SERVICE_TAG = (1 << 3) | WIRE_LENGTH;
const STATUS_TAG = (1 << 3) | WIRE_VARINT;
const MAP_ENTRY_VALUE_TAG = (2 << 3) | WIRE_LENGTH;
const EMPTY = Buffer.alloc(0);

class MalformedMessage extends Error {}

function readVarint(buffer: Buffer, start: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let offset = start; offset < buffer.length && offset < start + 10; offset++) {
    const byte = buffer[offset];
    // beyond 2^53 precision is lost, but such values are only ever skipped or refused as lengths
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, offset + 1];
  }
  throw new MalformedMessage('grpc.health.v1: truncated varint');
}

function writeVarint(value: number, into: number[]): void {
  let rest = value;
  while (rest > 0x7f) {
    into.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  into.push(rest);
}

/** Calls `onField` for every field; skips what it does not ask for, throws on anything truncated. */
function readFields(buffer: Buffer, onField: (field: number, wireType: number, start: number, end: number) => void): void {
  let offset = 0;
  while (offset < buffer.length) {
    const [key, afterKey] = readVarint(buffer, offset);
    const wireType = key % 8;
    let start = afterKey;
    let end: number;
    if (wireType === WIRE_VARINT) end = readVarint(buffer, afterKey)[1];
    else if (wireType === WIRE_FIXED64) end = afterKey + 8;
    else if (wireType === WIRE_FIXED32) end = afterKey + 4;
    else if (wireType === WIRE_LENGTH) {
      const [length, afterLength] = readVarint(buffer, afterKey);
      start = afterLength;
      end = afterLength + length;
    } else throw new MalformedMessage(`grpc.health.v1: unsupported wire type ${wireType}`);
    if (end > buffer.length) throw new MalformedMessage('grpc.health.v1: truncated field');
    onField(Math.floor(key / 8), wireType, start, end);
    offset = end;
  }
}

export function decodeCheckRequest(buffer: Buffer): HealthCheckRequest {
  let service: string | null = '';
  readFields(buffer, (field, wireType, start, end) => {
    if (field !== 1 || wireType !== WIRE_LENGTH) return;
    service = end - start > MAX_SERVICE_NAME_BYTES ? null : buffer.toString('utf8', start, end);
  });
  return { service };
}

export function encodeCheckRequest(request: HealthCheckRequest): Buffer {
  const name = Buffer.from(request.service ?? '', 'utf8');
  if (name.length === 0) return EMPTY;
  const head: number[] = [SERVICE_TAG];
  writeVarint(name.length, head);
  return Buffer.concat([Buffer.from(head), name]);
}

// every answer is one of four byte strings: made once, never per call
const STATUS_BYTES: readonly Buffer[] = [0, 1, 2, 3].map((status) => (status === 0 ? EMPTY : Buffer.from([STATUS_TAG, status])));

export function encodeStatus(status: ServingStatus): Buffer {
  return STATUS_BYTES[status];
}

export function decodeStatus(buffer: Buffer): ServingStatus {
  let status = 0;
  readFields(buffer, (field, wireType, start) => {
    if (field === 1 && wireType === WIRE_VARINT) status = readVarint(buffer, start)[0];
  });
  return status as ServingStatus;
}

export function encodeList(statuses: ReadonlyMap<string, ServingStatus>): Buffer {
  const parts: Buffer[] = [];
  for (const [service, status] of statuses) {
    const key = encodeCheckRequest({ service });
    const value = encodeStatus(status);
    const entryHead: number[] = [];
    writeVarint(key.length + 2 + value.length, entryHead);
    parts.push(Buffer.from([SERVICE_TAG, ...entryHead]), key, Buffer.from([MAP_ENTRY_VALUE_TAG, value.length]), value);
  }
  return Buffer.concat(parts);
}

export function decodeList(buffer: Buffer): Map<string, ServingStatus> {
  const statuses = new Map<string, ServingStatus>();
  readFields(buffer, (field, wireType, start, end) => {
    if (field !== 1 || wireType !== WIRE_LENGTH) return;
    const entry = buffer.subarray(start, end);
    let service = '';
    let status: ServingStatus = ServingStatus.UNKNOWN;
    readFields(entry, (entryField, entryWire, entryStart, entryEnd) => {
      if (entryField === 1 && entryWire === WIRE_LENGTH) service = entry.toString('utf8', entryStart, entryEnd);
      if (entryField === 2 && entryWire === WIRE_LENGTH) status = decodeStatus(entry.subarray(entryStart, entryEnd));
    });
    statuses.set(service, status);
  });
  return statuses;
}

const unary = { requestStream: false, responseStream: false } as const;

/** The service as grpc-js takes it (`server.addService`, `new Client` + `makeUnaryRequest`). */
export const healthServiceDefinition = {
  Check: {
    ...unary,
    path: `/${HEALTH_SERVICE}/Check`,
    originalName: 'check',
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeCheckRequest,
    responseSerialize: encodeStatus,
    responseDeserialize: decodeStatus,
  },
  Watch: {
    requestStream: false,
    responseStream: true,
    path: `/${HEALTH_SERVICE}/Watch`,
    originalName: 'watch',
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeCheckRequest,
    responseSerialize: encodeStatus,
    responseDeserialize: decodeStatus,
  },
  List: {
    ...unary,
    path: `/${HEALTH_SERVICE}/List`,
    originalName: 'list',
    requestSerialize: () => EMPTY,
    // the request has no fields; unknown ones are skipped, a malformed one refused
    requestDeserialize: (buffer: Buffer) => (readFields(buffer, () => undefined), {}),
    responseSerialize: encodeList,
    responseDeserialize: decodeList,
  },
} satisfies ServiceDefinition;
