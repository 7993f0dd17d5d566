import { Transform } from 'class-transformer';
import { IsString, Length, MaxLength } from 'class-validator';
import { sampleMessages } from '../sample.messages.js';

const MAX_TITLE = 200;
const MAX_BODY = 10_000;
const titleRule = { message: sampleMessages.invalidNote('title', `must be a string of 1 to ${MAX_TITLE} characters`) };
const bodyRule = { message: sampleMessages.invalidNote('body', `must be a string of at most ${MAX_BODY} characters`) };

/** The body of `POST /notes`, checked by the app's ValidationPipe: 400 with a sentence naming the field otherwise. */
export class CreateNoteDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString(titleRule)
  @Length(1, MAX_TITLE, titleRule)
  title!: string;

  // a note may be just a title
  @Transform(({ value }) => value ?? '')
  @IsString(bodyRule)
  @MaxLength(MAX_BODY, bodyRule)
  body: string = '';
}
