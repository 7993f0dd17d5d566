import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { CreateNoteDto } from './create-note.dto.js';
import type { Note } from './note.js';
import { NotesService } from './notes.service.js';

/** The sample's feature: create notes and read them back (the latest 50, or one by id). */
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  create(@Body() note: CreateNoteDto): Promise<Note> {
    return this.notes.create(note);
  }

  @Get()
  list(): Promise<Note[]> {
    return this.notes.list();
  }

  @Get(':id')
  find(@Param('id', ParseIntPipe) id: number): Promise<Note> {
    return this.notes.find(id);
  }
}
