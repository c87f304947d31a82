// A readable difference between two versions of a response: word by word,
// what was taken out and what was put in.

export type Piece = { kind: 'same' | 'added' | 'removed'; text: string };

/** Words and the spaces between them, so joining the pieces gives the text back. */
function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/**
 * The changes from `before` to `after`, as pieces in reading order. Runs of
 * the same kind are joined. Long texts fall back to line-level comparison so
 * that the work stays small.
 */
export function diffWords(before: string, after: string): Piece[] {
  const a = tokens(before);
  const b = tokens(after);
  // Trim the common start and end: most edits touch a small part.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const pieces: Piece[] = [];
  const push = (kind: Piece['kind'], text: string) => {
    if (!text) return;
    const last = pieces[pieces.length - 1];
    if (last && last.kind === kind) last.text += text;
    else pieces.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  if (midA.length * midB.length > 4_000_000) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    for (const p of lcsPieces(midA, midB)) push(p.kind, p.text);
  }
  push('same', a.slice(endA).join(''));
  return pieces;
}

function lcsPieces(a: string[], b: string[]): Piece[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: longest common subsequence of a[i..] and b[j..].
  const lengths: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) lengths.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lengths[i] as Uint32Array;
    const below = lengths[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string });
      i++;
      j++;
    } else if (((lengths[i + 1] as Uint32Array)[j] as number) >= ((lengths[i] as Uint32Array)[j + 1] as number)) {
      out.push({ kind: 'removed', text: a[i] as string });
      i++;
    } else {
      out.push({ kind: 'added', text: b[j] as string });
      j++;
    }
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++] as string });
  while (j < m) out.push({ kind: 'added', text: b[j++] as string });
  return out;
}
