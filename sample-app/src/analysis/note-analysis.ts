/** What the worker computes for a note: the figures an editor looks at before publishing it. */
export interface NoteAnalysis {
  note_id: number;
  word_count: number;
  /** at 200 words a minute, rounded up */
  reading_seconds: number;
  /** up to three most frequent words of four letters or more, common ones left out, most frequent first (ties alphabetical) */
  top_words: string[];
  /** ISO timestamp */
  analysed_at: string;
}

export type TextFigures = Pick<NoteAnalysis, 'word_count' | 'reading_seconds' | 'top_words'>;

const WORDS_PER_MINUTE = 200;
const TOP_WORDS = 3;
const MIN_TOP_WORD_LENGTH = 4;
// words of four letters or more that say nothing about what a note is about
const COMMON = new Set(['about', 'also', 'been', 'does', 'from', 'have', 'into', 'just', 'like', 'only', 'over', 'should', 'some', 'such', 'than', 'that', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'very', 'what', 'when', 'which', 'will', 'with', 'would', 'your']);

/** Word count, reading time and top words of a note's title and body; pure, so it is tested on its own. */
export function textFigures(title: string, body: string): TextFigures {
  const words = `${title} ${body}`.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
  const counts = new Map<string, number>();
  for (const word of words) if (word.length >= MIN_TOP_WORD_LENGTH && !COMMON.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const top = [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)).slice(0, TOP_WORDS).map(([word]) => word);
  return { word_count: words.length, reading_seconds: Math.ceil((words.length / WORDS_PER_MINUTE) * 60), top_words: top };
}
