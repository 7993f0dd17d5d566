import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { AnalysisModule } from './analysis/analysis.module.js';
import { validateEnvironment } from './config/environment.js';
import { SampleHealthModule } from './health/sample-health.module.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { NotesModule } from './notes/notes.module.js';

/**
 * The sample service: notes on PostgreSQL with reads cached in Redis, analyses queued for the worker, behind
 * Kubernetes-grade health probes.
 */
@Module({
  imports: [
    // the validated environment is the only source: an empty variable stays unset instead of reading back as ''
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, skipProcessEnv: true }),
    SampleHealthModule.register(),
    NotesModule,
    AnalysisModule,
  ],
  // Prometheus scrapes the checks' metrics here (HealthModule's metrics: true writes prom-client's default registry)
  controllers: [MetricsController],
  providers: [
    // every @Body() DTO is checked by its class-validator rules; unknown properties are dropped
    { provide: APP_PIPE, useValue: new ValidationPipe({ transform: true, whitelist: true, stopAtFirstError: true }) },
  ],
})
export class AppModule {}
