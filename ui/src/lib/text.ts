// Responses cross the seam as paragraphs of a small Markdown subset
// (**bold**, *italic*, "- " bullets); the editor shows one paragraph a line.

import type { Paragraph } from './bindings';

/** The editor's text for a response: one paragraph a line. */
export function toEditorText(paragraphs: Paragraph[]): string {
  return paragraphs.join('\n');
}

/** Paragraphs from the editor's text: each non-blank line is one. */
export function fromEditorText(text: string): Paragraph[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
}

/** Wraps the selection in `mark` (or inserts it twice at the caret). */
export function wrapSelection(text: string, start: number, end: number, mark: string): { text: string; start: number; end: number } {
  const before = text.slice(0, start);
  const selected = text.slice(start, end);
  const after = text.slice(end);
  return { text: before + mark + selected + mark + after, start: start + mark.length, end: end + mark.length };
}

/** Makes the lines the selection touches bullet items, or plain again. */
export function toggleBullets(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = text.indexOf('\n', end);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const lines = text.slice(lineStart, lineEnd).split('\n');
  const allBullets = lines.every((l) => l.startsWith('- '));
  const changed = lines.map((l) => (allBullets ? l.slice(2) : l.startsWith('- ') ? l : `- ${l}`));
  return text.slice(0, lineStart) + changed.join('\n') + text.slice(lineEnd);
}

/** "at risk" → "At risk". */
export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Display form of a paragraph's inline marks, for read-only views. */
export function plain(p: Paragraph): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    const next = p[i + 1];
    if (c === '\\' && next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
      out += next;
      i += 1;
    } else if (c !== '*') {
      out += c;
    }
  }
  return out.replace(/^- /, '• ');
}
