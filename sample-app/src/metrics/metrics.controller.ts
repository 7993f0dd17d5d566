import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';

/** Prometheus' scrape target: prom-client's default registry, where HealthModule's `metrics: true` writes. */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  scrape(): Promise<string> {
    return register.metrics();
  }
}
