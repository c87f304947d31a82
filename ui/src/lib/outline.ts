// The outline's rows and where a dragged question lands.
import type { PartnerId, QuestionDoc, ReviewDoc, SectionDoc, SectionId, Status } from './bindings';
import { OUTSTANDING } from './bindings';

export type Row =
  | { kind: 'section'; section: SectionDoc }
  | { kind: 'question'; section: SectionDoc; question: QuestionDoc; index: number };

export const SECTION_ROW = 40;
export const QUESTION_ROW = 78;

/** Section headings and their questions, keeping only the questions that match. */
export function outlineRows(doc: ReviewDoc, keep: (q: QuestionDoc) => boolean, filtering: boolean): Row[] {
  const rows: Row[] = [];
  for (const section of doc.sections) {
    const shown = section.questions.map((question, index) => ({ question, index })).filter(({ question }) => keep(question));
    // While searching, a section with nothing matching is left out.
    if (filtering && shown.length === 0) continue;
    rows.push({ kind: 'section', section });
    for (const { question, index } of shown) rows.push({ kind: 'question', section, question, index });
  }
  return rows;
}

export function rowHeight(r: Row): number {
  return r.kind === 'section' ? SECTION_ROW : QUESTION_ROW;
}

/**
 * Where a question dropped on a row goes: its section and 1-based place
 * there, counted without the question itself (as the core counts). Dropped
 * on a heading, it goes first in that section. `null` when it would not move.
 */
export function dropPlace(
  doc: ReviewDoc,
  dragged: QuestionDoc,
  target: Row,
  after: boolean,
): { section: SectionId; position: number } | null {
  const from = doc.sections.find((s) => s.questions.some((q) => q.id === dragged.id));
  if (!from) return null;
  const fromIndex = from.questions.findIndex((q) => q.id === dragged.id);
  let section: SectionDoc;
  let insert: number;
  if (target.kind === 'section') {
    section = target.section;
    insert = 0;
  } else {
    if (target.question.id === dragged.id) return null;
    section = target.section;
    insert = target.index + (after ? 1 : 0);
  }
  if (section.id === from.id && fromIndex < insert) insert -= 1;
  if (section.id === from.id && insert === fromIndex) return null;
  return { section: section.id, position: insert + 1 };
}

/** Questions chosen from the tracker: a partner's, at a status, or overdue. */
export type Filter = {
  partner: PartnerId | null;
  status: Status | null;
  overdue: boolean;
  /** The papers' deadline: owed answers due after it, or undated. */
  missesPapers?: string | null;
  label: string;
};

/** Whether a question has an answer the filter asks for (`today` as "YYYY-MM-DD"). */
export function matchesFilter(q: QuestionDoc, f: Filter, today: string): boolean {
  return q.assignments.some(
    (a) =>
      (f.partner === null || a.partners.includes(f.partner)) &&
      (f.status === null || a.status === f.status) &&
      (!f.overdue || (OUTSTANDING.includes(a.status) && a.due !== null && a.due < today)) &&
      (!f.missesPapers || (OUTSTANDING.includes(a.status) && (a.due === null || a.due > f.missesPapers))),
  );
}
