import { Module } from '@nestjs/common';
import { CacheStoreModule } from '../cache/cache-store.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotesRepository } from '../notes/notes.repository.js';
import { NotesService } from '../notes/notes.service.js';
import { NotesGrpcController } from './notes.grpc-controller.js';

/** The notes feature served as notes.NotesService: the same service, database and cache as the HTTP flavour. */
@Module({
  imports: [DatabaseModule, CacheStoreModule],
  controllers: [NotesGrpcController],
  providers: [NotesRepository, NotesService],
})
export class NotesGrpcModule {}
