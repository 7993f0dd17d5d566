import { textFigures } from '../src/analysis/note-analysis.js';

describe('textFigures (what the worker computes for a note)', () => {
  it('counts the words of title and body, reading time at 200 words a minute rounded up', () => {
    expect(textFigures('Check what matters', 'only what stops the service')).toEqual({
      word_count: 8,
      reading_seconds: 3,
      top_words: ['check', 'matters', 'service'],
    });
    const long = textFigures('Long', 'word '.repeat(399));
    expect(long).toEqual({ word_count: 400, reading_seconds: 120, top_words: ['word', 'long'] });
  });

  it('ranks the top words by frequency then alphabetically, leaving out short and common words', () => {
    const figures = textFigures('Busy is not stuck', 'A busy worker is busy; a stuck worker never takes a job. Which one? This one: the stuck worker.');
    expect(figures.top_words).toEqual(['busy', 'stuck', 'worker']);
  });

  it('treats letters of any script, and words with apostrophes or hyphens, as one word', () => {
    expect(textFigures('Über-Prüfung', "l'état du système")).toEqual({ word_count: 4, reading_seconds: 2, top_words: ["l'état", 'système', 'über-prüfung'] });
  });

  it('gives an empty note no words and no reading time', () => {
    expect(textFigures('', '')).toEqual({ word_count: 0, reading_seconds: 0, top_words: [] });
  });
});
