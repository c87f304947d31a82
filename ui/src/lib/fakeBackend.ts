// A stand-in for the desktop shell, for tests of the screens in a browser.
// It keeps a review in memory and follows the core's rules where the
// screens can see them: statuses move only as ALLOWED_NEXT says, first
// words start a draft, editing an approved answer reopens it, numbers
// follow position.
import type { Backend } from './api';
import type { ReviewDoc, ReviewSummary, Revision, Status } from './bindings';
import { ALLOWED_NEXT, STATUS_LABELS } from './bindings';

export function fakeBackend(seed: ReviewDoc): Backend {
  const doc: ReviewDoc = structuredClone(seed);
  const revisions = new Map<string, Revision[]>();
  let nextRevision = 1000;

  const questions = () => doc.sections.flatMap((s) => s.questions);
  const assignment = (id: string) => {
    const a = questions().flatMap((q) => q.assignments).find((x) => x.id === id);
    if (!a) throw { code: 'not_found', message: `No assignment with id ${id}.` };
    return a;
  };
  const renumber = () => questions().forEach((q, i) => (q.number = i + 1));
  const summary = (): ReviewSummary => {
    const all = questions().flatMap((q) => q.assignments);
    return {
      id: doc.id, title: doc.title, meeting_date: doc.meeting_date, status: doc.status, is_sample: doc.is_sample,
      questions: questions().length, assignments: all.length,
      settled: all.filter((a) => ['approved', 'not_required', 'answered_elsewhere'].includes(a.status)).length,
      updated_at: doc.updated_at,
    };
  };

  return {
    openWorkbook: async () => ({ reviews: [summary()], open_first: doc.id }),
    listReviews: async () => [summary()],
    loadReview: async () => structuredClone(doc),
    saveResponse: async (id, paragraphs) => {
      const a = assignment(id);
      if (JSON.stringify(a.response) === JSON.stringify(paragraphs)) {
        return { revision: a.revision, changed: false, status: a.status };
      }
      a.response = paragraphs;
      a.revision = String(nextRevision++);
      if (a.status === 'not_started' || a.status === 'not_required' || a.status === 'approved') a.status = 'drafting';
      const list = revisions.get(id) ?? [];
      list.push({ id: a.revision, assignment: id, paragraphs, author: 'Test Officer', saved_at: new Date().toISOString() });
      revisions.set(id, list);
      return { revision: a.revision, changed: true, status: a.status };
    },
    setStatus: async (id, status: Status) => {
      const a = assignment(id);
      if (a.status !== status && !ALLOWED_NEXT[a.status].includes(status)) {
        throw { code: 'invalid_transition', message: `${a.label} cannot go from ${STATUS_LABELS[a.status]} to ${STATUS_LABELS[status]}.` };
      }
      a.status = status;
      return status;
    },
    moveQuestion: async (id, number) => {
      const all = questions();
      const from = all.find((q) => q.id === id);
      const target = all[number - 1];
      if (!from || !target) throw { code: 'invalid', message: `There is no question ${number}.` };
      const fromSection = doc.sections.find((s) => s.questions.includes(from));
      const toSection = doc.sections.find((s) => s.questions.includes(target));
      if (!fromSection || !toSection) return;
      fromSection.questions.splice(fromSection.questions.indexOf(from), 1);
      const at = toSection.questions.indexOf(target) + (from.number < number && fromSection === toSection ? 1 : from.number < number ? 1 : 0);
      toSection.questions.splice(at, 0, from);
      renumber();
    },
    tracker: async () => {
      throw { code: 'invalid', message: 'The tracker is not part of this test.' };
    },
    history: async (id) => revisions.get(id) ?? [],
    deleteReview: async () => doc.title,
  };
}
