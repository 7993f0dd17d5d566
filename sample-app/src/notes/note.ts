import { BadRequestException } from '@nestjs/common';
import { sampleMessages } from '../sample.messages.js';

export interface Note {
  id: number;
  title: string;
  body: string;
  /** ISO timestamp */
  created_at: string;
}

export interface NewNote {
  title: string;
  body: string;
}

const MAX_TITLE = 200;
const MAX_BODY = 10_000;

/** Validates a request body into a note to create; 400 with a sentence naming the field otherwise. */
export function parseNewNote(input: unknown): NewNote {
  const body = (input ?? {}) as Record<string, unknown>;
  const title = typeof body.title === 'string' ? body.title.trim() : undefined;
  if (!title || title.length > MAX_TITLE) {
    throw new BadRequestException(sampleMessages.invalidNote('title', `must be a string of 1 to ${MAX_TITLE} characters`));
  }
  const text = body.body ?? '';
  if (typeof text !== 'string' || text.length > MAX_BODY) {
    throw new BadRequestException(sampleMessages.invalidNote('body', `must be a string of at most ${MAX_BODY} characters`));
  }
  return { title, body: text };
}
