import { Module } from '@nestjs/common';
import { CacheStoreModule } from '../cache/cache-store.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotesController } from './notes.controller.js';
import { NotesRepository } from './notes.repository.js';
import { NotesService } from './notes.service.js';

/** The sample's feature: notes in the database, reads cached. */
@Module({
  imports: [DatabaseModule, CacheStoreModule],
  controllers: [NotesController],
  providers: [NotesRepository, NotesService],
  exports: [NotesRepository, NotesService],
})
export class NotesModule {}
