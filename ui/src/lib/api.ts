// The one module that talks to the desktop shell. Everything the screens
// need goes through `api`; tests put a double behind the same interface.
import { Channel, invoke as invokeShell } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type {
  AssignmentId, BackupInfo, Chase, Choice, OpenFile, DayCounts, DueProposal, ErrorCode, ErrorInfo, ExportOptions, Format, MergeOutcome, MergePlan, OpenedPack, Opening,
  Paragraph, PartnerDraft, PartnerId, Progress, Returned, SignOff, StartupProblem,
  QuestionId, Reading, ReviewDoc, ReviewId, ReviewSummary, Revision, RevisionId, SaveOutcome,
  SectionId, Settings, Status, Tracker,
  ProgressStatus, RagMonth, RecAnswer, RecResponseId, RecSaveOutcome, RecUpdateId, RecommendationDoc, RecommendationId,
  RecommendationInfo, RecommendationInput,
} from './bindings';

/** What a file is chosen for, which sets the dialog's title and filters. */
export type FilePurpose =
  | 'import' | 'export' | 'template' | 'calendar' | 'pack' | 'openpack' | 'response' | 'partnerresponse' | 'backup' | 'openbackup';

/** Called with each step of a longer piece of work. */
export type OnProgress = (p: Progress) => void;

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;

export interface Backend {
  openWorkbook(): Promise<Opening>;
  listReviews(): Promise<ReviewSummary[]>;
  loadReview(review: ReviewId): Promise<ReviewDoc>;
  newReview(title: string, meetingDate: Day | null, reusePartners: boolean): Promise<ReviewId>;
  startNextYear(review: ReviewId, title: string | null, meetingDate: Day | null): Promise<ReviewId>;
  deleteReview(review: ReviewId): Promise<string>;

  saveResponse(assignment: AssignmentId, paragraphs: Paragraph[]): Promise<SaveOutcome>;
  setStatus(assignment: AssignmentId, status: Status): Promise<Status>;
  history(assignment: AssignmentId): Promise<Revision[]>;
  restoreRevision(assignment: AssignmentId, revision: RevisionId): Promise<SaveOutcome>;
  tracker(review: ReviewId): Promise<Tracker>;
  progressHistory(review: ReviewId): Promise<DayCounts[]>;
  chase(review: ReviewId, partner: PartnerId): Promise<Chase>;
  /** Opens the chase e-mail in the officer's mail program. */
  openChaseMail(review: ReviewId, partner: PartnerId): Promise<void>;
  /** Saves a calendar reminder (.ics) of the partner's due dates. */
  saveReminder(review: ReviewId, partner: PartnerId, path: string): Promise<void>;
  updateReview(review: ReviewId, title: string, meetingDate: Day | null, committee: string | null): Promise<void>;
  proposeDueDates(review: ReviewId, clearDays: number): Promise<DueProposal[]>;
  /** Sets them all, or none if any fails. */
  setDueDates(dates: [AssignmentId, Day | null][]): Promise<void>;
  getSettings(): Promise<Settings>;
  /** Checks and saves them all; gives back what was saved. */
  saveSettings(settings: Settings): Promise<Settings>;
  addPartner(review: ReviewId, partner: PartnerDraft): Promise<PartnerId>;
  updatePartner(partner: PartnerId, details: PartnerDraft): Promise<void>;
  /** Refused while the partner owes any answer. */
  deletePartner(partner: PartnerId): Promise<void>;

  addSection(review: ReviewId, title: string): Promise<SectionId>;
  renameSection(section: SectionId, title: string): Promise<void>;
  deleteSection(section: SectionId): Promise<void>;
  addQuestion(section: SectionId, text: string, position: number | null): Promise<QuestionId>;
  /** Changes what is given; null leaves it as it is. */
  updateQuestion(question: QuestionId, text: string | null, context: Paragraph[] | null, notes: Paragraph[] | null): Promise<void>;
  deleteQuestion(question: QuestionId): Promise<void>;

  recommendations(review: ReviewId): Promise<RecommendationDoc[]>;
  /** How many stood at each progress status at each month's end. */
  recHistory(review: ReviewId): Promise<RagMonth[]>;
  addRecommendation(review: ReviewId, input: RecommendationInput): Promise<RecommendationInfo>;
  /** Each group of partners owes it one more response (jointly when several). */
  addressRecommendation(recommendation: RecommendationId, owed: PartnerId[][]): Promise<void>;
  /** Saves what is given and keeps the rest; with a status, both or neither. */
  respondToRecommendation(
    recommendation: RecommendationId,
    partner: PartnerId,
    answer: RecAnswer,
    status: Status | null,
  ): Promise<RecSaveOutcome>;
  setRecommendationStatus(recommendation: RecommendationId, partner: PartnerId, status: Status): Promise<Status>;
  addProgress(recommendation: RecommendationId, date: Day, progress: ProgressStatus, text: string): Promise<RecUpdateId>;
  deleteRecommendation(recommendation: RecommendationId): Promise<void>;
  editRecommendation(recommendation: RecommendationId, reference: string, text: Paragraph[], agreed: Day | null, due: Day | null, more: PartnerId[][]): Promise<void>;
  moveRecommendation(recommendation: RecommendationId, to: number): Promise<void>;
  moveQuestion(question: QuestionId, number: number): Promise<void>;
  moveQuestionToSection(question: QuestionId, section: SectionId, position: number): Promise<void>;

  assign(question: QuestionId, partners: PartnerId[], joint: boolean, label: string | null, due: Day | null): Promise<AssignmentId[]>;
  unassign(assignment: AssignmentId, discardResponse: boolean): Promise<void>;
  setDue(assignment: AssignmentId, due: Day | null): Promise<void>;

  /** The system file dialog; null when the officer cancels. */
  chooseFile(purpose: FilePurpose, suggestedName: string | null, format: Format | null): Promise<string | null>;

  /** Writes a partner's questions: a pack, or with `word` a Word form. */
  sendPack(review: ReviewId, partner: PartnerId, word: boolean, path: string): Promise<void>;
  /** Opens a pack from the council in partner mode. */
  openPack(path: string): Promise<OpenedPack>;
  setSignoff(review: ReviewId, signoff: SignOff | null): Promise<void>;
  /** Writes the response file of every answer marked ready. */
  returnPack(review: ReviewId, path: string): Promise<Returned>;
  /** What merging a partner's response file or Word form would change. */
  planMerge(path: string, allowOlder: boolean): Promise<MergePlan>;
  mergeResponse(path: string, allowOlder: boolean, choices: [AssignmentId, Choice][], recChoices: [RecResponseId, Choice][]): Promise<MergeOutcome>;
  /** A pack the app was started with, once. */
  launchFile(): Promise<OpenFile | null>;
  /** Calls `open` with each pack opened while the app runs. */
  /** A file double-clicked while the app runs. */
  onFileOpened(open: (file: OpenFile) => void): void;
  /** Switches to the workbook double-clicked while the app ran. */
  switchWorkbook(): Promise<Opening>;

  /** Why the workbook could not be opened at start-up, if it could not. */
  startupProblem(): Promise<StartupProblem | null>;
  /** Puts a backup in place of a workbook that could not be opened. */
  recover(backup: string): Promise<Opening>;
  listBackups(): Promise<BackupInfo[]>;
  /** Replaces the workbook with a backup; what it replaces is kept as one. */
  restoreBackup(backup: string): Promise<Opening>;
  backupNow(path: string): Promise<void>;
  importPreview(path: string, answeredBy: string | null, onProgress: OnProgress): Promise<Reading>;
  importFile(path: string, approved: boolean, answeredBy: string | null, onProgress: OnProgress): Promise<ReviewId>;
  exportReview(review: ReviewId, options: ExportOptions, template: string | null, path: string, onProgress: OnProgress): Promise<void>;
  /** The document as a self-contained web page, for a preview. */
  previewExport(review: ReviewId, options: ExportOptions): Promise<string>;
  /** Opens a document exported in this session in its program, or shows it in its folder. */
  openExported(path: string): Promise<void>;
  showExported(path: string): Promise<void>;
}

/** How a command reaches the core: the name, and its arguments by name. */
type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/**
 * Every command, each named once with its arguments, over a way of calling
 * the core: the desktop shell's `invoke`, or the test server's HTTP.
 */
function backendOver(
  invoke: Invoke,
  channel: (on: OnProgress) => unknown,
  listen: (event: string, on: (payload: unknown) => void) => void,
): Backend {
  return {
    openWorkbook: () => invoke('open_workbook'),
    listReviews: () => invoke('list_reviews'),
    loadReview: (review) => invoke('load_review', { review }),
    newReview: (title, meetingDate, reusePartners) => invoke('new_review', { title, meetingDate, reusePartners }),
    startNextYear: (review, title, meetingDate) => invoke('start_next_year', { review, title, meetingDate }),
    deleteReview: (review) => invoke('delete_review', { review }),

    saveResponse: (assignment, paragraphs) => invoke('save_response', { assignment, paragraphs }),
    setStatus: (assignment, status) => invoke('set_status', { assignment, status }),
    history: (assignment) => invoke('history', { assignment }),
    restoreRevision: (assignment, revision) => invoke('restore_revision', { assignment, revision }),
    tracker: (review) => invoke('tracker', { review }),
    progressHistory: (review) => invoke('progress_history', { review }),
    chase: (review, partner) => invoke('chase', { review, partner }),
    openChaseMail: (review, partner) => invoke('open_chase_mail', { review, partner }),
    saveReminder: (review, partner, path) => invoke('save_reminder', { review, partner, path }),
    updateReview: (review, title, meetingDate, committee) => invoke('update_review', { review, title, meetingDate, committee }),
    proposeDueDates: (review, clearDays) => invoke('propose_due_dates', { review, clearDays }),
    setDueDates: (dates) => invoke('set_due_dates', { dates }),
    getSettings: () => invoke('get_settings'),
    saveSettings: (settings) => invoke('save_settings', { settings }),
    addPartner: (review, partner) => invoke('add_partner', { review, partner }),
    updatePartner: (partner, details) => invoke('update_partner', { partner, details }),
    deletePartner: (partner) => invoke('delete_partner', { partner }),

    addSection: (review, title) => invoke('add_section', { review, title }),
    renameSection: (section, title) => invoke('rename_section', { section, title }),
    deleteSection: (section) => invoke('delete_section', { section }),
    addQuestion: (section, text, position) => invoke('add_question', { section, text, position }),
    updateQuestion: (question, text, context, notes) => invoke('update_question', { question, text, context, notes }),
    deleteQuestion: (question) => invoke('delete_question', { question }),

    recommendations: (review) => invoke('recommendations', { review }),
    recHistory: (review) => invoke('rec_history', { review }),
    addRecommendation: (review, input) => invoke('add_recommendation', { review, input }),
    addressRecommendation: (recommendation, owed) => invoke('address_recommendation', { recommendation, owed }),
    respondToRecommendation: (recommendation, partner, answer, status) =>
      invoke('respond_to_recommendation', { recommendation, partner, answer, status }),
    setRecommendationStatus: (recommendation, partner, status) =>
      invoke('set_recommendation_status', { recommendation, partner, status }),
    addProgress: (recommendation, date, progress, text) => invoke('add_progress', { recommendation, date, progress, text }),
    deleteRecommendation: (recommendation) => invoke('delete_recommendation', { recommendation }),
    editRecommendation: (recommendation, reference, text, agreed, due, more) => invoke('edit_recommendation', { recommendation, reference, text, agreed, due, more }),
    moveRecommendation: (recommendation, to) => invoke('move_recommendation', { recommendation, to }),
    moveQuestion: (question, number) => invoke('move_question', { question, number }),
    moveQuestionToSection: (question, section, position) => invoke('move_question_to_section', { question, section, position }),

    assign: (question, partners, joint, label, due) => invoke('assign', { question, partners, joint, label, due }),
    unassign: (assignment, discardResponse) => invoke('unassign', { assignment, discardResponse }),
    setDue: (assignment, due) => invoke('set_due', { assignment, due }),

    chooseFile: (purpose, suggestedName, format) => invoke('choose_file', { purpose, suggestedName, format }),
    importPreview: (path, answeredBy, onProgress) => invoke('import_preview', { path, answeredBy, progress: channel(onProgress) }),
    importFile: (path, approved, answeredBy, onProgress) => invoke('import_file', { path, approved, answeredBy, progress: channel(onProgress) }),
    exportReview: (review, options, template, path, onProgress) =>
      invoke('export_review', { review, options, template, path, progress: channel(onProgress) }),
    previewExport: (review, options) => invoke('preview_export', { review, options }),
    openExported: (path) => invoke('open_exported', { path }),
    showExported: (path) => invoke('show_exported', { path }),

    sendPack: (review, partner, word, path) => invoke('send_pack', { review, partner, word, path }),
    openPack: (path) => invoke('open_pack', { path }),
    setSignoff: (review, signoff) => invoke('set_signoff', { review, signoff }),
    returnPack: (review, path) => invoke('return_pack', { review, path }),
    planMerge: (path, allowOlder) => invoke('plan_merge', { path, allowOlder }),
    mergeResponse: (path, allowOlder, choices, recChoices) => invoke('merge_response', { path, allowOlder, choices, recChoices }),
    launchFile: () => invoke('launch_file'),
    startupProblem: () => invoke('startup_problem'),
    recover: (backup) => invoke('recover', { backup }),
    listBackups: () => invoke('list_backups'),
    restoreBackup: (backup) => invoke('restore_backup', { backup }),
    backupNow: (path) => invoke('backup_now', { path }),
    onFileOpened: (open) => listen('open-file', (payload) => open(payload as OpenFile)),
    switchWorkbook: () => invoke('switch_workbook'),
  };
}

function shellChannel(on: OnProgress): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = on;
  return c;
}

const tauri: Backend = backendOver(invokeShell, shellChannel, (event, on) => {
  void listen<unknown>(event, (e) => on(e.payload));
});

/**
 * The same commands answered by the real core over HTTP (the test server
 * `kloe-test-server`, serving this page): what the browser tests run on.
 * Progress is not streamed, and no event arrives.
 */
export function httpBackend(base = './'): Backend {
  return backendOver(
    async <T,>(command: string, args?: Record<string, unknown>): Promise<T> => {
      const res = await fetch(`${base}invoke/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
      const answer = (await res.json()) as { ok: T } | { err: ErrorInfo };
      if ('err' in answer) throw answer.err;
      return answer.ok;
    },
    () => null,
    () => {},
  );
}

let backend: Backend = tauri;

/** Replaces the shell with a double, for tests in a browser. */
export function useBackend(b: Backend): void {
  backend = b;
}

/** The backend in use: every call goes to whichever `useBackend` set last. */
export const api: Backend = new Proxy({} as Backend, {
  get: (_target, name: string) => (...args: unknown[]) =>
    (backend[name as keyof Backend] as (...a: unknown[]) => Promise<unknown>)(...args),
});

/** The message to show for anything a command rejected with. */
export function messageOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    return String((e as ErrorInfo).message);
  }
  return String(e);
}

/** The code of a command's error, to tell one kind of failure from another. */
export function codeOf(e: unknown): ErrorCode | null {
  if (typeof e === 'object' && e !== null && 'code' in e) return String((e as ErrorInfo).code) as ErrorCode;
  return null;
}

/**
 * Runs `save` when the window is asked to close, and closes it once that
 * resolves true; on false the window stays open so nothing is lost.
 */
export function beforeClose(save: () => Promise<boolean>): void {
  // The page going away by any other route still sends what is pending.
  window.addEventListener('beforeunload', () => void save());
  if (!('__TAURI_INTERNALS__' in window)) return;
  void getCurrentWindow().onCloseRequested(async (event) => {
    if (!(await save())) event.preventDefault();
  });
}

/** Asks the window to close, as its close button does (pending text is saved first). */
export async function closeWindow(): Promise<void> {
  if ('__TAURI_INTERNALS__' in window) await getCurrentWindow().close();
  else window.close();
}
