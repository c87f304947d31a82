import { describe, expect, it } from 'vitest';
import type { QuestionDoc, ReviewDoc, SectionDoc } from './bindings';
import { dropPlace, matchesFilter, outlineRows, type Row } from './outline';

const question = (id: string, number: number, text = `Question ${number}`): QuestionDoc => ({
  id, number, text, context: [], notes: [], appendices: [], assignments: [],
});
const section = (id: string, questions: QuestionDoc[]): SectionDoc => ({ id, title: `Section ${id}`, lead_in: [], default_partners: [], questions });
const review = (): ReviewDoc => ({
  id: '1', title: 'T', subtitle: null, committee: null, partnership: null, meeting_date: null, financial_year: null,
  status: 'in_progress', is_sample: false, previous_review: null, created_at: '', updated_at: '', intro: [], partners: [],
  appendices: [], recommendations: [],
  sections: [section('A', [question('q1', 1), question('q2', 2), question('q3', 3)]), section('B', [question('q4', 4, 'Knife crime')]), section('C', [])],
});
const rowOf = (rows: Row[], id: string) => rows.find((r) => r.kind === 'question' && r.question.id === id)!;

describe('outline rows', () => {
  it('lists every heading, even an empty section, when not searching', () => {
    const rows = outlineRows(review(), () => true, false);
    expect(rows.map((r) => (r.kind === 'section' ? r.section.id : r.question.id))).toEqual(['A', 'q1', 'q2', 'q3', 'B', 'q4', 'C']);
  });
  it('leaves out sections with no match while searching', () => {
    const rows = outlineRows(review(), (q) => q.text.includes('Knife'), true);
    expect(rows.map((r) => (r.kind === 'section' ? r.section.id : r.question.id))).toEqual(['B', 'q4']);
  });
});

describe('dropping a dragged question', () => {
  const doc = review();
  const rows = outlineRows(doc, () => true, false);
  const [q1, q2, q3] = doc.sections[0]!.questions as [QuestionDoc, QuestionDoc, QuestionDoc];

  it('moves down within a section, counting without itself', () => {
    expect(dropPlace(doc, q1, rowOf(rows, 'q3'), true)).toEqual({ section: 'A', position: 3 });
    expect(dropPlace(doc, q1, rowOf(rows, 'q3'), false)).toEqual({ section: 'A', position: 2 });
  });
  it('moves up within a section', () => {
    expect(dropPlace(doc, q3, rowOf(rows, 'q1'), false)).toEqual({ section: 'A', position: 1 });
  });
  it('moves into another section, or first in a section dropped on its heading', () => {
    expect(dropPlace(doc, q2, rowOf(rows, 'q4'), true)).toEqual({ section: 'B', position: 2 });
    expect(dropPlace(doc, q2, rows[6]!, false)).toEqual({ section: 'C', position: 1 });
  });
  it('does nothing when dropped where it already is', () => {
    expect(dropPlace(doc, q2, rowOf(rows, 'q2'), false)).toBeNull();
    expect(dropPlace(doc, q2, rowOf(rows, 'q1'), true)).toBeNull();
    expect(dropPlace(doc, q2, rowOf(rows, 'q3'), false)).toBeNull();
  });
});

describe('questions chosen from the tracker', () => {
  const q = question('q9', 9);
  q.assignments = [
    { id: 'a1', partners: ['p1'], label: 'BDC Response', status: 'approved', due: '2026-02-01', response: [], revision: null, updated_at: '', last_year: null },
    { id: 'a2', partners: ['p2', 'p3'], label: 'Joint Response', status: 'drafting', due: '2026-02-20', response: [], revision: null, updated_at: '', last_year: null },
  ];
  const f = (partner: string | null, status: 'approved' | 'drafting' | null, overdue = false) => ({ partner, status, overdue, label: '' });

  it('matches a partner at a status, a joint partner included', () => {
    expect(matchesFilter(q, f('p1', 'approved'), '2026-02-22')).toBe(true);
    expect(matchesFilter(q, f('p1', 'drafting'), '2026-02-22')).toBe(false);
    expect(matchesFilter(q, f('p3', 'drafting'), '2026-02-22')).toBe(true);
  });
  it('finds what is owed too late for the papers, or undated', () => {
    expect(matchesFilter(q, { ...f(null, null), missesPapers: '2026-02-15' }, '2026-02-01')).toBe(true);
    expect(matchesFilter(q, { ...f(null, null), missesPapers: '2026-02-25' }, '2026-02-01')).toBe(false);
  });
  it('counts as overdue only what is still owed past its date', () => {
    expect(matchesFilter(q, f(null, null, true), '2026-02-22')).toBe(true);
    expect(matchesFilter(q, f('p1', null, true), '2026-02-22')).toBe(false);
    expect(matchesFilter(q, f(null, null, true), '2026-02-20')).toBe(false);
  });
});
