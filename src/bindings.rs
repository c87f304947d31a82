//! The TypeScript types of everything that crosses to the UI, generated
//! from the Rust types so that they are written once. `ui/src/lib/bindings.ts`
//! is this output, checked in; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test bindings` rewrites it).

use ts_rs::{Config, TS};

use crate::doc::{
    AppendixDoc, AppendixDraft, AssignmentDoc, LastYearAnswer, PackCopy, PartnerDraft,
    ProgressUpdate, QuestionDoc, QuestionDraft, RecResponseDoc, RecWords, RecommendationDoc,
    RecommendationDraft, ResponseDraft, ReviewDoc, ReviewDraft, SectionDoc, SectionDraft,
};
use crate::files::{FileKind, OpenFile};
use crate::formats::export::{ExportOptions, Format};
use crate::formats::import::{Placed, Reading, SaidBy, SourceFormat, Unlabelled, Warning};
use crate::model::SignOff;
use crate::model::{
    AppendixId, AssignmentId, Decision, Partner, PartnerId, ProgressStatus, QuestionId,
    RecResponseId, RecRevisionId, RecUpdateId, RecommendationId, Review, ReviewId, ReviewStatus,
    Revision, RevisionId, SectionId, Status,
};
use crate::progress::Progress;
use crate::store::backup::{BackupInfo, StartupProblem};
use crate::store::{
    AssignmentInfo, Opening, RecAnswer, RecSaveOutcome, RecommendationInfo, ReviewSummary,
    SaveOutcome, Settings,
};
use crate::text::Paragraph;
use crate::workbook::chase::Chase;
use crate::workbook::due_dates::DueProposal;
use crate::workbook::packs::merge::{
    Choice, MergeChange, MergeItem, MergeOutcome, MergePlan, RecMergeItem,
};
use crate::workbook::packs::partner::{OpenedPack, Returned};
use crate::workbook::recommendations::{RagMonth, RecommendationInput};
use crate::workbook::tracker::{
    DayCounts, Owed, PartnerProgress, RecCounts, RecOwed, StatusCounts, Tracker,
};

/// An error as the UI receives it: match on `code`, show `message`.
#[derive(Debug, Clone, serde::Serialize, TS)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

pub fn typescript() -> String {
    let cfg = Config::new();
    let decls = [
        ReviewId::decl(&cfg),
        PartnerId::decl(&cfg),
        SectionId::decl(&cfg),
        QuestionId::decl(&cfg),
        AssignmentId::decl(&cfg),
        RevisionId::decl(&cfg),
        AppendixId::decl(&cfg),
        RecommendationId::decl(&cfg),
        RecResponseId::decl(&cfg),
        RecRevisionId::decl(&cfg),
        RecUpdateId::decl(&cfg),
        Paragraph::decl(&cfg),
        Status::decl(&cfg),
        ReviewStatus::decl(&cfg),
        Review::decl(&cfg),
        ReviewSummary::decl(&cfg),
        Opening::decl(&cfg),
        Partner::decl(&cfg),
        ReviewDoc::decl(&cfg),
        SectionDoc::decl(&cfg),
        QuestionDoc::decl(&cfg),
        AssignmentDoc::decl(&cfg),
        LastYearAnswer::decl(&cfg),
        AppendixDoc::decl(&cfg),
        RecommendationDoc::decl(&cfg),
        RecommendationDraft::decl(&cfg),
        RecResponseDoc::decl(&cfg),
        RecWords::decl(&cfg),
        ProgressUpdate::decl(&cfg),
        Decision::decl(&cfg),
        ProgressStatus::decl(&cfg),
        RecAnswer::decl(&cfg),
        RecSaveOutcome::decl(&cfg),
        RecommendationInfo::decl(&cfg),
        RecommendationInput::decl(&cfg),
        RagMonth::decl(&cfg),
        Revision::decl(&cfg),
        SaveOutcome::decl(&cfg),
        AssignmentInfo::decl(&cfg),
        Tracker::decl(&cfg),
        StatusCounts::decl(&cfg),
        PartnerProgress::decl(&cfg),
        Owed::decl(&cfg),
        RecCounts::decl(&cfg),
        RecOwed::decl(&cfg),
        DayCounts::decl(&cfg),
        Chase::decl(&cfg),
        DueProposal::decl(&cfg),
        Settings::decl(&cfg),
        Format::decl(&cfg),
        ExportOptions::decl(&cfg),
        SourceFormat::decl(&cfg),
        Reading::decl(&cfg),
        Warning::decl(&cfg),
        Unlabelled::decl(&cfg),
        Placed::decl(&cfg),
        SaidBy::decl(&cfg),
        ReviewDraft::decl(&cfg),
        PartnerDraft::decl(&cfg),
        AppendixDraft::decl(&cfg),
        SectionDraft::decl(&cfg),
        QuestionDraft::decl(&cfg),
        ResponseDraft::decl(&cfg),
        Progress::decl(&cfg),
        ErrorInfo::decl(&cfg),
        SignOff::decl(&cfg),
        PackCopy::decl(&cfg),
        OpenedPack::decl(&cfg),
        FileKind::decl(&cfg),
        OpenFile::decl(&cfg),
        Returned::decl(&cfg),
        MergeChange::decl(&cfg),
        MergeItem::decl(&cfg),
        RecMergeItem::decl(&cfg),
        MergePlan::decl(&cfg),
        Choice::decl(&cfg),
        MergeOutcome::decl(&cfg),
        BackupInfo::decl(&cfg),
        StartupProblem::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `kloe::bindings::typescript()`; do not edit.\n\
         // Rewrite with: UPDATE_BINDINGS=1 cargo test --test core bindings\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    // The rules the screens follow, from the one place they are kept.
    out.push_str("/** The statuses each status may move to. */\nexport const ALLOWED_NEXT: Record<Status, Status[]> = {\n");
    for s in Status::ALL {
        let next: Vec<String> = s
            .allowed_next()
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect();
        out.push_str(&format!("  {s}: [{}],\n", next.join(", ")));
    }
    out.push_str("};\n\n/** How a status reads. */\nexport const STATUS_LABELS: Record<Status, string> = {\n");
    for s in Status::ALL {
        out.push_str(&format!("  {s}: \"{}\",\n", s.label()));
    }
    let settled: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_settled())
        .map(|s| format!("\"{s}\""))
        .collect();
    out.push_str(&format!(
        "}};\n\n/** The statuses that need nothing more from anyone. */\nexport const SETTLED: readonly Status[] = [{}];\n",
        settled.join(", ")
    ));
    let codes: Vec<String> = crate::error::Error::codes()
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    out.push_str(&format!(
        "\n/** Every code an error from the core can carry: what screens match on. */\nexport type ErrorCode = {};\n",
        codes.join(" | ")
    ));
    let outstanding: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_outstanding())
        .map(|s| format!("\"{s}\""))
        .collect();
    out.push_str(&format!(
        "\n/** The statuses of an answer still owed. */\nexport const OUTSTANDING: readonly Status[] = [{}];\n",
        outstanding.join(", ")
    ));
    out.push_str("\n/** How a progress status reads, and its RAG colour. */\nexport const PROGRESS: Record<ProgressStatus, { label: string; rag: string }> = {\n");
    for p in ProgressStatus::ALL {
        out.push_str(&format!(
            "  {p}: {{ label: \"{}\", rag: \"{}\" }},\n",
            p.label(),
            p.rag()
        ));
    }
    out.push_str("};\n\n/** How a decision on a recommendation reads. */\nexport const DECISION_LABELS: Record<Decision, string> = {\n");
    for d in Decision::ALL {
        out.push_str(&format!("  {d}: \"{}\",\n", d.label()));
    }
    out.push_str("};\n");
    out
}

/// The list of error codes for scripts (`docs/error-codes.md`), generated
/// from the same catalogue as the screens' `ErrorCode`.
pub fn error_codes_markdown() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         <!-- Generated from src/error.rs: UPDATE_BINDINGS=1 cargo test --test core bindings -->\n\n\
         With `KLOE_ERRORS=json`, a failing `kloe` command prints one line on\n\
         standard error, `{\"code\": …, \"message\": …}`, and exits non-zero; the\n\
         app's commands reject with the same pair. A script matches on the code,\n\
         which stays the same when the message is reworded. A failed command\n\
         changes nothing.\n\n\
         | Code | Meaning |\n|---|---|\n",
    );
    for (code, meaning) in crate::error::Error::catalogue() {
        out.push_str(&format!("| `{code}` | {} |\n", meaning.replace('|', "\\|")));
    }
    out
}
