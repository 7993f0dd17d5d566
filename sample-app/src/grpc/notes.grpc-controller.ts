import { Controller, HttpException, HttpStatus, UsePipes, ValidationPipe } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { CreateNoteDto } from '../notes/create-note.dto.js';
import type { Note } from '../notes/note.js';
import { NotesService } from '../notes/notes.service.js';

// gRPC status codes (grpc/status.h) for the HTTP errors the notes feature throws
const GRPC_CODE_OF: Partial<Record<number, number>> = {
  [HttpStatus.BAD_REQUEST]: 3, // INVALID_ARGUMENT
  [HttpStatus.NOT_FOUND]: 5, // NOT_FOUND
  [HttpStatus.SERVICE_UNAVAILABLE]: 14, // UNAVAILABLE
};

/** The feature's errors in gRPC's terms; anything else stays what Nest makes of it (UNKNOWN). */
function asRpcError(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const code = GRPC_CODE_OF[error.getStatus()];
  return code === undefined ? error : new RpcException({ code, message: error.message });
}

/** The DTO rules of the HTTP flavour, failing with INVALID_ARGUMENT and the first rule's sentence. */
const validation = new ValidationPipe({
  transform: true,
  whitelist: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => asRpcError(new HttpException(Object.values(errors[0]?.constraints ?? {})[0] ?? 'invalid note', HttpStatus.BAD_REQUEST)),
});

/** notes.NotesService of proto/notes.proto, on the same NotesService as the HTTP flavour. */
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
  @UsePipes(validation)
  async createNote(note: CreateNoteDto): Promise<Note> {
    try {
      return await this.notes.create(note);
    } catch (error) {
      throw asRpcError(error);
    }
  }
}
