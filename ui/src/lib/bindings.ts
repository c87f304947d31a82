// Generated from the Rust types by `kloe::bindings::typescript()`; do not edit.
// Rewrite with: UPDATE_BINDINGS=1 cargo test --test core bindings

export type ReviewId = string;

export type PartnerId = string;

export type SectionId = string;

export type QuestionId = string;

export type AssignmentId = string;

export type RevisionId = string;

export type AppendixId = string;

export type RecommendationId = string;

export type RecResponseId = string;

export type RecRevisionId = string;

export type RecUpdateId = string;

export type Paragraph = string;

export type Status = "not_started" | "drafting" | "submitted" | "approved" | "not_required" | "answered_elsewhere";

export type ReviewStatus = "in_progress" | "sent" | "archived";

export type Review = { id: ReviewId, title: string, subtitle: string | null, committee: string | null, partnership: string | null, meeting_date: string | null, financial_year: string | null, intro: Array<Paragraph>, status: ReviewStatus, is_sample: boolean, previous_review: ReviewId | null, created_at: string, updated_at: string, };

export type ReviewSummary = { id: ReviewId, title: string, meeting_date: string | null, status: ReviewStatus, is_sample: boolean, questions: number, assignments: number, 
/**
 * Assignments needing nothing more: approved, not required or answered elsewhere.
 */
settled: number, updated_at: string, 
/**
 * Set on a partner's copy of a pack: the partner answering it.
 */
answering_for?: string, };

export type Opening = { reviews: Array<ReviewSummary>, 
/**
 * On first run (an empty workbook) the bundled sample is added and
 * opened, labelled as a sample.
 */
open_first: ReviewId | null, };

export type Partner = { id: PartnerId, name: string, short_name: string, 
/**
 * e.g. "Derbyshire Police Response"
 */
label: string, 
/**
 * Other names the partner goes by in documents ("Constabulary").
 */
aliases: Array<string>, contact_name: string | null, contact_email: string | null, };

export type ReviewDoc = { id: ReviewId, title: string, subtitle: string | null, committee: string | null, partnership: string | null, meeting_date: string | null, financial_year: string | null, status: ReviewStatus, is_sample: boolean, previous_review: ReviewId | null, created_at: string, updated_at: string, intro: Array<Paragraph>, partners: Array<Partner>, sections: Array<SectionDoc>, appendices: Array<AppendixDoc>, 
/**
 * The committee's recommendations, in order.
 */
recommendations: Array<RecommendationDoc>, 
/**
 * Set when the review is a partner's copy of a pack (partner mode).
 */
pack?: PackCopy, };

export type SectionDoc = { id: SectionId, title: string, lead_in: Array<Paragraph>, default_partners: Array<PartnerId>, questions: Array<QuestionDoc>, };

export type QuestionDoc = { id: QuestionId, 
/**
 * Position across the whole review, 1..N.
 */
number: number, text: string, context: Array<Paragraph>, notes: Array<Paragraph>, 
/**
 * Labels of the appendices the question refers to.
 */
appendices: Array<string>, assignments: Array<AssignmentDoc>, };

export type AssignmentDoc = { id: AssignmentId, partners: Array<PartnerId>, label: string, status: Status, due: string | null, response: Array<Paragraph>, 
/**
 * The revision `response` comes from, if any has been saved.
 */
revision: RevisionId | null, updated_at: string, 
/**
 * Last year's answer to the same question by the same partners, when
 * the review was started from last year's.
 */
last_year: LastYearAnswer | null, };

export type LastYearAnswer = { review: ReviewId, label: string, status: Status, response: Array<Paragraph>, };

export type AppendixDoc = { id: AppendixId, label: string, title: string | null, file_name: string | null, };

export type RecommendationDoc = { id: RecommendationId, 
/**
 * Position in the review, 1..N.
 */
number: number, 
/**
 * What the council calls it: "CSP (26/27) 01".
 */
reference: string, text: Array<Paragraph>, 
/**
 * The day the committee agreed it.
 */
agreed: string | null, 
/**
 * When the partners' responses are due.
 */
due: string | null, responses: Array<RecResponseDoc>, 
/**
 * Every progress update, oldest first.
 */
updates: Array<ProgressUpdate>, 
/**
 * Where it stands: the latest update's, if any.
 */
progress: ProgressStatus | null, 
/**
 * Last year's recommendation it was carried on from.
 */
carried_from: RecommendationId | null, updated_at: string, };

export type RecommendationDraft = { 
/**
 * Made from the review's year and the recommendation's number when
 * not given.
 */
reference: string | null, text: Array<Paragraph>, 
/**
 * The responses owed: each one partner's, or several partners'
 * jointly, by name.
 */
owed: Array<Array<string>>, };

export type RecResponseDoc = { id: RecResponseId, partners: Array<PartnerId>, status: Status, decision: Decision | null, response: Array<Paragraph>, lead_officer: string | null, target: string | null, 
/**
 * How many times it has been saved.
 */
revisions: number, 
/**
 * The save it stands at, if it has been saved.
 */
revision: RecRevisionId | null, updated_at: string, };

export type RecWords = { decision: Decision | null, text: Array<Paragraph>, lead_officer: string | null, target: string | null, };

export type ProgressUpdate = { id: RecUpdateId, 
/**
 * The day it describes.
 */
date: string, progress: ProgressStatus, text: string, 
/**
 * Who recorded it.
 */
author: string, recorded_at: string, };

export type Decision = "accepted" | "partly" | "not_accepted";

export type ProgressStatus = "not_started" | "on_track" | "at_risk" | "off_track" | "complete" | "paused";

export type RecAnswer = { decision: Decision | null, text: Array<Paragraph> | null, 
/**
 * An empty name clears it.
 */
lead_officer: string | null, target: string | null, };

export type RecSaveOutcome = { 
/**
 * False when nothing differed from the response as it stood.
 */
changed: boolean, status: Status, };

export type RecommendationInfo = { id: RecommendationId, review: ReviewId, number: number, reference: string, };

export type RecommendationInput = { 
/**
 * What the council calls it; made from the review's year and its
 * number when not given.
 */
reference: string | null, text: Array<Paragraph>, 
/**
 * The day the committee agreed it [default: the meeting's].
 */
agreed: string | null, 
/**
 * When responses are due [default: 28 days after it was agreed].
 */
due: string | null, 
/**
 * The responses owed: each one partner's, or several partners'
 * jointly.
 */
owed: Array<Array<PartnerId>>, };

export type RagMonth = { 
/**
 * The month's first day.
 */
month: string, 
/**
 * By progress status, each status present; `no_update` counts those
 * with nothing recorded by the month's end.
 */
counts: Record<ProgressStatus | "no_update", number>, };

export type Revision = { id: RevisionId, assignment: AssignmentId, paragraphs: Array<Paragraph>, author: string, saved_at: string, 
/**
 * Who signed the answer off, when it came back from a partner.
 */
signoff: SignOff | null, };

export type SaveOutcome = { 
/**
 * The revision now current; `None` only if nothing has ever been saved.
 */
revision: RevisionId | null, 
/**
 * False when the text was the same as the current revision, so no new
 * revision was needed.
 */
changed: boolean, status: Status, };

export type AssignmentInfo = { id: AssignmentId, question: QuestionId, number: number, review: ReviewId, label: string, status: Status, due: string | null, partners: Array<PartnerId>, };

export type Tracker = { review: ReviewId, title: string, meeting_date: string | null, 
/**
 * The day "overdue" is measured against.
 */
today: string, 
/**
 * Every assignment counted once, joint ones included.
 */
totals: StatusCounts, assignments: number, outstanding: number, overdue: number, 
/**
 * Joint assignments count once for each partner in `partners`.
 */
joint_assignments: number, 
/**
 * The last day answers can arrive for the meeting's papers: the
 * workbook's clear working days before the meeting.
 */
papers_due: string | null, 
/**
 * Answers still owed that are due after `papers_due`, or have no due
 * date, so they would miss the papers.
 */
late_for_meeting: number, partners: Array<PartnerProgress>, 
/**
 * Responses owed to the committee's recommendations, joint ones once.
 */
recommendations: RecCounts, };

export type StatusCounts = Record<Status, number>;

export type PartnerProgress = { id: PartnerId, name: string, short_name: string, counts: StatusCounts, assignments: number, 
/**
 * Not started or drafting: the partner still owes these.
 */
outstanding: Array<Owed>, overdue: number, 
/**
 * Responses to recommendations the partner still owes.
 */
recommendations_owed: Array<RecOwed>, recommendations_overdue: number, };

export type Owed = { assignment: AssignmentId, number: number, question: string, label: string, status: Status, due: string | null, overdue: boolean, 
/**
 * Days past the due date; 0 when not overdue.
 */
days_overdue: number, 
/**
 * The other partners of a joint response, by short name.
 */
joint_with: Array<string>, 
/**
 * Due after the papers go out, or not given a due date at all.
 */
late_for_meeting: boolean, };

export type RecCounts = { responses: number, outstanding: number, overdue: number, };

export type RecOwed = { recommendation: RecommendationId, number: number, reference: string, 
/**
 * The recommendation's words, as plain text.
 */
text: string, status: Status, due: string | null, overdue: boolean, days_overdue: number, 
/**
 * The other partners of a joint response, by short name.
 */
joint_with: Array<string>, };

export type DayCounts = { day: string, counts: StatusCounts, };

export type Chase = { partner: PartnerId, 
/**
 * The partner's contact address, when the workbook has one.
 */
to: string | null, subject: string, body: string, 
/**
 * The same message as a `mailto:` link (RFC 6068).
 */
mailto: string, 
/**
 * How many answers it asks for.
 */
owed: number, };

export type DueProposal = { assignment: AssignmentId, number: number, label: string, partners: Array<PartnerId>, current: string | null, proposed: string, };

export type Settings = { 
/**
 * Recorded in each revision; `None` uses the computer's user name.
 */
author: string | null, 
/**
 * Shown in the committee document where an answer is still owed.
 */
placeholder: string, 
/**
 * Clear working days between answers being due and the meeting.
 */
clear_days: number, 
/**
 * Days after the meeting that responses to its recommendations are due.
 */
rec_response_days: number, };

export type Format = "docx" | "md" | "html";

export type ExportOptions = { format: Format, 
/**
 * Show only approved answers (and those answered elsewhere); others are
 * treated as still owed.
 */
only_approved: boolean, 
/**
 * Text shown for a response still owed; `None` leaves such responses
 * out altogether.
 */
placeholder: string | null, 
/**
 * Leave off the "DRAFT" marking even if some answers are not approved.
 */
final_copy: boolean, 
/**
 * The monitoring schedule of the review's recommendations instead of
 * the committee document.
 */
schedule: boolean, };

export type SourceFormat = "txt" | "md" | "docx" | "pdf";

export type Reading = { format: SourceFormat, 
/**
 * For text files: the encoding they were read in.
 */
encoding: string | null, draft: ReviewDraft, warnings: Array<Warning>, 
/**
 * Answers printed with no label, when there are any.
 */
unlabelled: Unlabelled | null, 
/**
 * Each paragraph of the source and where it went.
 */
placed: Array<Placed>, };

export type Warning = { 
/**
 * The question it concerns, if any.
 */
question: number | null, 
/**
 * The line (text) or paragraph (Word) of the source it is about, if
 * it is about one.
 */
line: number | null, message: string, };

export type Unlabelled = { answers: number, 
/**
 * The partner they are taken to be from.
 */
answered_by: string, said: SaidBy, 
/**
 * Partners they could be from: the review's, and the document's own.
 */
suggestions: Array<string>, };

export type Placed = { 
/**
 * Its line (text) or paragraph (Word) in the source, or its page and
 * paragraph in a PDF (see `PDF_PAGE`): what a doubt's `line` names;
 * 0 for one the reader made (a table's label).
 */
line: number, 
/**
 * Where the officer finds it: "line 7", "paragraph 12", "page 3";
 * empty for one the reader made.
 */
place: string, 
/**
 * Its words, shortened.
 */
text: string, 
/**
 * Where it went, as an officer would say it.
 */
went: string, };

export type SaidBy = "chosen" | "document" | "nobody";

export type ReviewDraft = { title: string, subtitle: string | null, committee: string | null, partnership: string | null, meeting_date: string | null, financial_year: string | null, intro: Array<Paragraph>, partners: Array<PartnerDraft>, appendices: Array<AppendixDraft>, sections: Array<SectionDraft>, 
/**
 * The committee's recommendations, in order.
 */
recommendations: Array<RecommendationDraft>, };

export type PartnerDraft = { name: string, short_name: string, 
/**
 * Defaults to "<short name> Response".
 */
label: string | null, aliases: Array<string>, contact_name: string | null, contact_email: string | null, };

export type AppendixDraft = { label: string, title: string | null, };

export type SectionDraft = { title: string, lead_in: Array<Paragraph>, default_partners: Array<string>, questions: Array<QuestionDraft>, };

export type QuestionDraft = { text: string, context: Array<Paragraph>, notes: Array<Paragraph>, appendices: Array<string>, responses: Array<ResponseDraft>, };

export type ResponseDraft = { 
/**
 * One partner, or several for a joint response.
 */
partners: Array<string>, 
/**
 * Defaults to the partner's label, or the joint label.
 */
label: string | null, status: Status, due: string | null, paragraphs: Array<Paragraph>, };

export type Progress = { step: number, steps: number, message: string, };

export type ErrorInfo = { code: string, message: string, };

export type SignOff = { name: string, role: string, date: string, };

export type PackCopy = { 
/**
 * The partner answering, as the council named it.
 */
partner_name: string, issued_at: string, signoff: SignOff | null, 
/**
 * When a response file was last written from this copy.
 */
returned_at: string | null, };

export type OpenedPack = { review: ReviewId, 
/**
 * False when the pack had been opened before: its answers are kept.
 */
created: boolean, title: string, partner_name: string, questions: number, 
/**
 * The recommendations it asks a response to.
 */
recommendations: number, };

export type FileKind = "pack" | "response" | "workbook";

export type OpenFile = { kind: FileKind, path: string, };

export type Returned = { 
/**
 * The council's numbers of the questions whose answers go back.
 */
returned: Array<number>, 
/**
 * Questions not marked ready, which do not go back.
 */
not_ready: Array<number>, 
/**
 * The references of the recommendations whose responses go back.
 */
returned_recommendations: Array<string>, 
/**
 * Recommendations whose responses are not marked ready.
 */
not_ready_recommendations: Array<string>, 
/**
 * Who signed the returned answers off, if anyone is recorded.
 */
signoff: SignOff | null, };

export type MergeChange = "update" | "mark_submitted" | "same" | "kept_ours" | "conflict";

export type MergeItem = { assignment: AssignmentId, number: number, label: string, change: MergeChange, 
/**
 * The answer as the pack gave it to the partner.
 */
base: Array<Paragraph>, 
/**
 * The answer in this workbook now.
 */
ours: Array<Paragraph>, ours_status: Status, 
/**
 * Who last saved `ours`, when it differs from the base.
 */
ours_author: string | null, 
/**
 * The partner's answer.
 */
theirs: Array<Paragraph>, };

export type RecMergeItem = { response: RecResponseId, reference: string, change: MergeChange, 
/**
 * The response as the pack gave it to the partner.
 */
base: RecWords, 
/**
 * The response in this workbook now.
 */
ours: RecWords, ours_status: Status, 
/**
 * Who last saved `ours`, when it differs from the base.
 */
ours_author: string | null, 
/**
 * The partner's response.
 */
theirs: RecWords, };

export type MergePlan = { review: ReviewId, review_title: string, partner: PartnerId, partner_name: string, 
/**
 * When the partner's computer says the file was written: shown, never
 * used to order returns.
 */
returned_at: string, 
/**
 * Which return of its pack this is (counted in the partner's copy; for
 * a Word form, the word processor's count of saves, 0 if unknown).
 */
sequence: number, 
/**
 * When the pack was sent from here.
 */
pack_sent_at: string, 
/**
 * Set when a later return of the same pack has been merged and this one
 * is merged anyway, as asked: the newest return number merged.
 */
older_than: number | null, signoff: SignOff | null, 
/**
 * Set when these answers have been merged before: then nothing changes.
 */
already_merged_at: string | null, items: Array<MergeItem>, 
/**
 * The responses to recommendations.
 */
recommendations: Array<RecMergeItem>, };

export type Choice = { "take": "partner" } | { "take": "ours" } | { "take": "combined", "paragraphs": Array<Paragraph> };

export type MergeOutcome = { review: ReviewId, partner_name: string, 
/**
 * Questions whose answers are now the partner's (or combined) and submitted.
 */
updated: Array<number>, 
/**
 * Questions where the answer here was kept.
 */
kept: Array<number>, 
/**
 * Recommendations whose responses are now the partner's and submitted.
 */
updated_recommendations: Array<string>, 
/**
 * Recommendations where the response here was kept.
 */
kept_recommendations: Array<string>, 
/**
 * True when the file had been merged before and nothing changed.
 */
already_merged: boolean, };

export type BackupInfo = { path: string, taken_at: string, 
/**
 * Why it was taken: "opened", "daily", "before import", …
 */
reason: string, bytes: number, };

export type StartupProblem = { message: string, path: string, backups: Array<BackupInfo>, };

/** The statuses each status may move to. */
export const ALLOWED_NEXT: Record<Status, Status[]> = {
  not_started: ["drafting", "submitted", "not_required", "answered_elsewhere"],
  drafting: ["submitted", "approved", "not_required", "answered_elsewhere"],
  submitted: ["drafting", "approved", "not_required", "answered_elsewhere"],
  approved: ["drafting"],
  not_required: ["not_started", "drafting"],
  answered_elsewhere: ["not_started", "drafting", "approved"],
};

/** How a status reads. */
export const STATUS_LABELS: Record<Status, string> = {
  not_started: "not started",
  drafting: "drafting",
  submitted: "submitted",
  approved: "approved",
  not_required: "not required",
  answered_elsewhere: "answered elsewhere",
};

/** The statuses that need nothing more from anyone. */
export const SETTLED: readonly Status[] = ["approved", "not_required", "answered_elsewhere"];

/** Every code an error from the core can carry: what screens match on. */
export type ErrorCode = "not_found" | "older_return" | "invalid_transition" | "newer_database" | "not_a_workbook" | "in_use" | "disk_full" | "damaged" | "read_only" | "migration_changed" | "io" | "database" | "not_a_pack" | "wrong_kind" | "old_format" | "newer_format" | "altered" | "foreign_review" | "pack_not_sent_here" | "not_proven" | "wrong_partner" | "not_a_partner" | "signoff_incomplete" | "repeated_answer" | "not_partners_answer" | "outside_pack" | "conflict" | "onto_workbook" | "not_a_file" | "too_large" | "damaged_document" | "hostile_document" | "bad_template" | "usage" | "bad_value" | "required" | "control_character" | "ambiguous" | "name_taken" | "out_of_range" | "wrong_review" | "still_used" | "would_discard" | "already_assigned" | "not_assigned" | "not_ready" | "nothing_to_do" | "not_a_partner_copy" | "no_questions" | "unsupported" | "not_a_backup" | "permission_denied" | "no_such_folder" | "no_space" | "write_failed" | "foreign_log" | "unsuitable_drive" | "no_home_folder" | "needs_recovery" | "not_exported" | "no_program" | "internal";

/** The statuses of an answer still owed. */
export const OUTSTANDING: readonly Status[] = ["not_started", "drafting"];

/** How a progress status reads, and its RAG colour. */
export const PROGRESS: Record<ProgressStatus, { label: string; rag: string }> = {
  not_started: { label: "not started", rag: "grey" },
  on_track: { label: "on track", rag: "green" },
  at_risk: { label: "at risk", rag: "amber" },
  off_track: { label: "off track", rag: "red" },
  complete: { label: "complete", rag: "green" },
  paused: { label: "paused", rag: "amber" },
};

/** How a decision on a recommendation reads. */
export const DECISION_LABELS: Record<Decision, string> = {
  accepted: "accepted",
  partly: "partly accepted",
  not_accepted: "not accepted",
};
