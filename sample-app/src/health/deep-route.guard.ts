import { type CanActivate, type ExecutionContext, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { HealthTokenGuard } from 'nestjs-health';
import type { Environment } from '../config/environment.js';
import { sampleMessages } from '../sample.messages.js';

/**
 * The deep route's guard: `HealthTokenGuard` when HEALTH_TOKEN is set, and no deep route at all (404) without
 * it, so the sample starts with no environment yet never serves the operator's view unguarded. `deep.guards`
 * is a static option and the token a runtime one, hence the choice here rather than in the module options.
 */
@Injectable()
export class DeepRouteGuard implements CanActivate, OnModuleInit {
  private tokenGuard?: HealthTokenGuard;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.get('HEALTH_TOKEN', { infer: true })) this.tokenGuard = await this.moduleRef.create(HealthTokenGuard);
    else new Logger('Health').warn(sampleMessages.deepRouteClosed());
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.tokenGuard) throw new NotFoundException();
    return this.tokenGuard.canActivate(context);
  }
}
