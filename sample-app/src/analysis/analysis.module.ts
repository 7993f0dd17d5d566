import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotesModule } from '../notes/notes.module.js';
import { sampleMessages } from '../sample.messages.js';
import { AnalysisController } from './analysis.controller.js';
import { AnalysisQueue } from './analysis-jobs.js';
import { AnalysisRepository } from './analysis.repository.js';
import { BullMQAnalysisQueue } from './bullmq-analysis-queue.js';
import { InProcessAnalysisQueue } from './in-process-analysis-queue.js';
import { NoteAnalyser } from './note-analyser.js';

/** Note analyses for the HTTP app: queued for the worker through Redis, or run in process without REDIS_URL. */
@Module({
  imports: [DatabaseModule, NotesModule],
  controllers: [AnalysisController],
  providers: [
    AnalysisRepository,
    NoteAnalyser,
    {
      provide: AnalysisQueue,
      inject: [ConfigService, NoteAnalyser],
      useFactory: (config: ConfigService<Environment, true>, analyser: NoteAnalyser) => {
        const url = config.get('REDIS_URL', { infer: true });
        if (url) return new BullMQAnalysisQueue(url);
        new Logger('Analysis').log(sampleMessages.inProcessJobs());
        return new InProcessAnalysisQueue(analyser);
      },
    },
  ],
})
export class AnalysisModule {}
