import { Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { optionMessages } from './health-options.messages.js';

/**
 * Refuses a second HealthModule in one app at construction, before routes are registered: two copies would
 * mean a raw "route already declared" error on Fastify and two competing copies of every part on Express.
 */
@Injectable()
export class ImportedOnce {
  constructor(modules: ModulesContainer) {
    const own = [...modules.values()].filter((module) => module.metatype === (ImportedOnce.module as unknown));
    if (own.length > 1) throw new Error(optionMessages.importedTwice(own.length));
  }

  /** Set by HealthModule to itself; kept here so this file needs no import of the module. */
  static module: unknown;
}
