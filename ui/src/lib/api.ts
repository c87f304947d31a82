// The one module that talks to the desktop shell. Everything the screens
// need goes through `api`; tests put a double behind the same interface.
import { invoke } from '@tauri-apps/api/core';
import type {
  AssignmentId, ErrorInfo, Opening, Paragraph, QuestionId, ReviewDoc, ReviewId, ReviewSummary,
  Revision, SaveOutcome, Status, Tracker,
} from './bindings';

export interface Backend {
  openWorkbook(): Promise<Opening>;
  listReviews(): Promise<ReviewSummary[]>;
  loadReview(review: ReviewId): Promise<ReviewDoc>;
  saveResponse(assignment: AssignmentId, paragraphs: Paragraph[]): Promise<SaveOutcome>;
  setStatus(assignment: AssignmentId, status: Status): Promise<Status>;
  moveQuestion(question: QuestionId, number: number): Promise<void>;
  tracker(review: ReviewId): Promise<Tracker>;
  history(assignment: AssignmentId): Promise<Revision[]>;
  deleteReview(review: ReviewId): Promise<string>;
}

const tauri: Backend = {
  openWorkbook: () => invoke('open_workbook'),
  listReviews: () => invoke('list_reviews'),
  loadReview: (review) => invoke('load_review', { review }),
  saveResponse: (assignment, paragraphs) => invoke('save_response', { assignment, paragraphs }),
  setStatus: (assignment, status) => invoke('set_status', { assignment, status }),
  moveQuestion: (question, number) => invoke('move_question', { question, number }),
  tracker: (review) => invoke('tracker', { review }),
  history: (assignment) => invoke('history', { assignment }),
  deleteReview: (review) => invoke('delete_review', { review }),
};

let backend: Backend = tauri;

/** Replaces the shell with a double, for tests in a browser. */
export function useBackend(b: Backend): void {
  backend = b;
}

export const api: Backend = {
  openWorkbook: () => backend.openWorkbook(),
  listReviews: () => backend.listReviews(),
  loadReview: (r) => backend.loadReview(r),
  saveResponse: (a, p) => backend.saveResponse(a, p),
  setStatus: (a, s) => backend.setStatus(a, s),
  moveQuestion: (q, n) => backend.moveQuestion(q, n),
  tracker: (r) => backend.tracker(r),
  history: (a) => backend.history(a),
  deleteReview: (r) => backend.deleteReview(r),
};

/** The message to show for anything a command rejected with. */
export function messageOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    return String((e as ErrorInfo).message);
  }
  return String(e);
}
