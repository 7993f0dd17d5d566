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
