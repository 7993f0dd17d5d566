import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { describeThrown } from '../checks/safe-json.js';
import type { GrpcHealthSource } from './grpc-health-source.js';
import { grpcMessages } from './grpc-health.messages.js';
import { MAX_SERVICE_NAME_BYTES } from './grpc-health.limits.js';
import type { ResolvedGrpcHealthOptions } from './grpc-health.options.js';
import type { HealthCheckRequest } from './health-proto.js';
import { serviceEntries, type ServiceEntry } from './health-service-names.js';
import { GrpcCode, ServingStatus } from './serving-status.js';
import { WatchHub } from './watch-hub.js';
import type { WatchCall } from './watch-stream.js';

export interface HealthServiceLogger {
  error(message: string): void;
}

/**
 * `grpc.health.v1.Health` for one gRPC server: Check evaluates the name as the HTTP route of its probe
 * does, Watch streams its changes (see WatchHub), List answers every known name.
 */
export class GrpcHealthService {
  readonly handlers: UntypedServiceImplementation;
  private readonly entries: ReadonlyMap<string, ServiceEntry>;
  private readonly hub: WatchHub;

  constructor(source: GrpcHealthSource, options: ResolvedGrpcHealthOptions, private readonly logger: HealthServiceLogger) {
    this.entries = serviceEntries(source, options.services);
    this.hub = new WatchHub(this.entries, source, options.maxWatchStreams, (service, error) => this.evaluationFailed(service, error));
    this.handlers = {
      Check: (call: ServerUnaryCall<HealthCheckRequest, ServingStatus>, callback: sendUnaryData<ServingStatus>) => this.check(call, callback),
      Watch: (call: WatchCall) => this.hub.watch(call),
      List: (_call: ServerUnaryCall<object, Map<string, ServingStatus>>, callback: sendUnaryData<Map<string, ServingStatus>>) =>
        void this.list().then((statuses) => callback(null, statuses)),
    };
  }

  /** Every name the service answers to, in the order List reports them. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** Ends every Watch stream after its last message (NOT_SERVING for all but liveness); Check keeps answering. */
  endWatchStreams(): void {
    this.hub.endAll();
  }

  private check(call: ServerUnaryCall<HealthCheckRequest, ServingStatus>, callback: sendUnaryData<ServingStatus>): void {
    const { service } = call.request;
    if (service === null) return callback({ code: GrpcCode.INVALID_ARGUMENT, details: grpcMessages.nameTooLong(MAX_SERVICE_NAME_BYTES) });
    const entry = this.entries.get(service);
    if (entry === undefined) return callback({ code: GrpcCode.NOT_FOUND, details: grpcMessages.unknownService(service) });
    // through the hub, so the answer also reaches that name's watchers
    this.hub.evaluate(service, entry, (status) => callback(null, status));
  }

  private async list(): Promise<Map<string, ServingStatus>> {
    const statuses = new Map<string, ServingStatus>();
    await Promise.all(
      [...this.entries].map(
        ([service, entry]) => new Promise<void>((resolve) => this.hub.evaluate(service, entry, (status) => resolve(void statuses.set(service, status)))),
      ),
    );
    // Promise.all settles in completion order; List answers in the documented order
    return new Map(this.names.map((name) => [name, statuses.get(name) ?? ServingStatus.UNKNOWN]));
  }

  private evaluationFailed(service: string, error: unknown): void {
    this.logger.error(grpcMessages.evaluationFailed(service, describeThrown(error)));
  }
}
