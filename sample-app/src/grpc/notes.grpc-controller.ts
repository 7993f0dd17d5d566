import { Controller, HttpException, HttpStatus } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { parseNewNote, type Note } from '../notes/note.js';
import { NotesService } from '../notes/notes.service.js';

// gRPC status codes (grpc/status.h) for the HTTP errors the notes feature throws
const GRPC_CODE_OF: Partial<Record<number, number>> = {
  [HttpStatus.BAD_REQUEST]: 3, // INVALID_ARGUMENT
  [HttpStatus.NOT_FOUND]: 5, // NOT_FOUND
  [HttpStatus.SERVICE_UNAVAILABLE]: 14, // UNAVAILABLE
};

/** The same feature errors as the HTTP flavour, in gRPC's terms; anything else stays an INTERNAL error. */
function asRpcError(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const code = GRPC_CODE_OF[error.getStatus()];
  return code === undefined ? error : new RpcException({ code, message: error.message });
}

/** notes.NotesService of proto/notes.proto, on the same NotesService the HTTP flavour uses. */
@Controller()
export class NotesGrpcController {
  constructor(private readonly notes: NotesService) {}

  @GrpcMethod('NotesService', 'GetNote')
  async getNote({ id }: { id: number }): Promise<Note> {
    try {
      return await this.notes.find(id);
    } catch (error) {
      throw asRpcError(error);
    }
  }

  @GrpcMethod('NotesService', 'CreateNote')
  async createNote(input: { title: string; body: string }): Promise<Note> {
    try {
      return await this.notes.create(parseNewNote(input));
    } catch (error) {
      throw asRpcError(error);
    }
  }
}
