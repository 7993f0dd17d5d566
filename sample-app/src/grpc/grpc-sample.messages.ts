/** Messages of the sample's gRPC flavour. */
export const grpcSampleMessages = {
  listening: (host: string, port: number) => `listening on grpc://${host}:${port}`,
};
