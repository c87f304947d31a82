//! The command line as clap reads it: every command, argument and option,
//! with the parsers for dates, statuses and formats. The contract in
//! DESIGN.md: extended, never broken.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use kloe::Error;
use kloe::formats::export::Format;
use kloe::model::{Decision, ProgressStatus, ReviewStatus, Status};

/// What `kloe --version` prints: the program's version, and the formats of
/// workbook and partner pack it reads and writes.
pub static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (workbook format {}, pack format {})",
        env!("CARGO_PKG_VERSION"),
        kloe::store::LATEST_VERSION,
        kloe::formats::pack::PACK_VERSION
    )
});

#[derive(Debug, Parser)]
#[command(
    name = "kloe",
    version = VERSION.as_str(),
    about = "KLOE Workbook: the scrutiny committee's Key Lines of Enquiry, answered offline",
    long_about = "KLOE Workbook keeps a Community Safety Partnership's Key Lines of Enquiry \
                  in one offline workbook: which partner owes which answer, every draft, \
                  and the finished document.\n\nREVIEW is a review's id (see `kloe reviews`); \
                  Q is a question's number; PARTNER is a partner's short name or name, \
                  in any case."
)]
pub struct Cli {
    /// The workbook file [default: the platform data directory]
    #[arg(long, global = true, env = "KLOE_DB", value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,

    /// Name recorded with every saved revision [default: your user name]
    #[arg(long, global = true, env = "KLOE_AUTHOR", value_name = "NAME")]
    pub(crate) author: Option<String>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create the bundled sample review (Bolsover CSP, 18 March 2019) and print its id
    Sample {
        /// Reuse the sample review if the workbook already has one
        #[arg(long)]
        if_missing: bool,
    },
    /// Import a committee document (.docx, .txt, .md) as a new review; print its id
    Import {
        file: PathBuf,
        /// Show what would be imported, with every warning, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Mark the imported answers approved (else submitted)
        #[arg(long)]
        approved: bool,
        /// Add the document's sections to this review instead
        #[arg(long, value_name = "REVIEW")]
        into: Option<String>,
        /// Who gives the answers the document prints with no label
        #[arg(long, value_name = "PARTNER")]
        answered_by: Option<String>,
        /// With --dry-run: show where each paragraph of the document went
        #[arg(long, requires = "dry_run")]
        explain: bool,
    },
    /// List the reviews in the workbook
    Reviews {
        #[arg(long)]
        json: bool,
    },
    /// Create an empty review and print its id
    New(NewReviewArgs),
    /// Change a review's title, meeting date and other details
    Edit(EditReviewArgs),
    /// Delete a review and everything in it (a backup holding it is taken first)
    Delete { review: String },
    /// Show the whole review
    Show {
        review: String,
        /// Print JSON (see review.schema.json)
        #[arg(long)]
        json: bool,
    },
    /// Who owes what: per partner, per status, outstanding and overdue
    Status {
        review: String,
        #[arg(long)]
        json: bool,
        /// Count overdue relative to this day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Assign a question to partners: several partners give one joint response
    Assign {
        review: String,
        q: u32,
        #[arg(required = true, num_args = 1..)]
        partners: Vec<String>,
        /// Due date, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        due: Option<NaiveDate>,
        /// Give each partner their own response instead of one joint response
        #[arg(long)]
        separately: bool,
        /// The response's label [default: the partner's, or "A/ B Response"]
        #[arg(long)]
        label: Option<String>,
    },
    /// Remove a partner's assignment to a question
    Unassign {
        review: String,
        q: u32,
        partner: String,
        /// Remove it even though a response has been written
        #[arg(long)]
        discard_response: bool,
    },
    /// Save a partner's response to a question (one paragraph per line)
    Respond {
        review: String,
        q: u32,
        partner: String,
        #[command(flatten)]
        text: TextSource,
        /// Then set the status: drafting, submitted, approved, ...
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
    },
    /// Change the status of a partner's response
    SetStatus {
        review: String,
        q: u32,
        partner: String,
        #[arg(value_parser = parse_status)]
        status: Status,
    },
    /// A ready-to-send e-mail chasing a partner for the answers it still owes
    Chase {
        review: String,
        partner: String,
        /// Count overdue relative to this day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Print it as a mailto: link instead
        #[arg(long)]
        mailto: bool,
        /// Instead, save a calendar reminder (.ics) for the due dates
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Due dates worked back from the meeting for every answer still owed
    Due {
        review: String,
        /// Clear working days between the due date and the meeting, 0 to 60 [default: the workbook's setting, else 5]
        #[arg(long, value_parser = parse_clear_days)]
        clear_days: Option<u32>,
        /// Set them (otherwise they are only shown)
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the workbook's settings
    Settings {
        /// The name recorded in revisions ("" to use the computer's user name)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Text shown in documents where an answer is still owed
        #[arg(long, value_name = "TEXT")]
        placeholder: Option<String>,
        /// Clear working days between answers being due and the meeting, 0 to 60
        #[arg(long, value_name = "N", value_parser = parse_clear_days)]
        clear_days: Option<u32>,
        /// Days after the meeting that responses to recommendations are due
        #[arg(long, value_name = "N")]
        rec_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Answers by status at the end of each day something changed
    Progress {
        review: String,
        #[arg(long)]
        json: bool,
    },
    /// Every saved revision of a partner's response
    History {
        review: String,
        q: u32,
        partner: String,
        #[arg(long)]
        json: bool,
    },
    /// Restore the workbook from a backup (`kloe restore FILE`; the workbook as
    /// it was is kept as a backup first), or make an earlier revision of a
    /// partner's response the current text again (`kloe restore REVIEW Q
    /// PARTNER REVISION`, the revision's number as `kloe history` shows it)
    Restore {
        #[arg(required = true, num_args = 1..=4, value_name = "FILE | REVIEW Q PARTNER REVISION")]
        what: Vec<String>,
    },
    /// Write a whole, consistent copy of the workbook to FILE
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// List the automatic backups kept beside the workbook, newest first
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Print the completions for a shell (bash, zsh, fish, elvish or
    /// powershell), e.g. `kloe completions bash > ~/.local/share/bash-completion/completions/kloe`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `kloe man | man -l -`
    Man {
        /// Instead, write a page for kloe and one for each of its commands
        /// (kloe.1, kloe-pack.1, kloe-pack-export.1, …) into DIR
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Export the committee document: Word, Markdown or HTML
    Export {
        review: String,
        /// docx, md or html [default: from the file name]
        #[arg(long, value_parser = parse_format)]
        format: Option<Format>,
        /// The file to write
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Show only approved answers; others count as still owed
        #[arg(long)]
        only_approved: bool,
        /// Text shown where a response is still owed [default: the workbook's setting, else "Response awaited"]
        #[arg(long, value_name = "TEXT")]
        placeholder: Option<String>,
        /// Leave out responses still owed instead of showing the placeholder
        #[arg(long, conflicts_with = "placeholder")]
        omit_missing: bool,
        /// No "DRAFT" marking, even if some answers are not yet approved
        #[arg(long = "final")]
        final_copy: bool,
        /// The council's own Word template: styles, header, footer and logo
        #[arg(long, value_name = "FILE.docx")]
        template: Option<PathBuf>,
        /// The monitoring schedule of the recommendations (a landscape
        /// table: decision, lead, target, RAG status, latest update) instead
        /// of the committee document
        #[arg(long)]
        schedule: bool,
    },
    /// Start next year's review from this one and print its id
    NextYear {
        review: String,
        /// [default: this year's title with the years moved on]
        #[arg(long)]
        title: Option<String>,
        /// [default: a year after this review's meeting]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        meeting_date: Option<NaiveDate>,
    },
    /// The review's partners
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Partner packs: one partner's questions in a file, to answer offline
    #[command(subcommand)]
    Pack(PackCommand),
    /// The review's sections (headings)
    #[command(subcommand)]
    Section(SectionCommand),
    /// The review's questions
    #[command(subcommand)]
    Question(QuestionCommand),
    /// The review's appendices ("Appendix 7.2")
    #[command(subcommand)]
    Appendix(AppendixCommand),
    /// The recommendation tracker: each recommendation, the responses owed
    /// to it and how carrying it out is going
    Recs {
        review: String,
        #[arg(long)]
        json: bool,
        /// How many stood at each status at the end of each month instead
        #[arg(long)]
        history: bool,
        /// Count overdue relative to this day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// The committee's recommendations, the partners' responses to them and
    /// progress updates
    #[command(subcommand)]
    Rec(RecCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum RecCommand {
    /// Add a recommendation the committee agreed; print its reference last
    Add {
        review: String,
        /// The recommendation's words (one paragraph per line)
        text: String,
        /// The partners it is addressed to: one joint response when several
        #[arg(long, required = true, num_args = 1.., value_name = "PARTNER")]
        to: Vec<String>,
        /// Give each partner its own response instead of one joint response
        #[arg(long)]
        separately: bool,
        /// Its reference [default: "CSP (YY/YY) NN", from the review's year]
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
        /// When responses are due [default: 28 days after the meeting]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        due: Option<NaiveDate>,
        /// The day the committee agreed it [default: the meeting's]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        agreed: Option<NaiveDate>,
    },
    /// Address a recommendation to more partners: one joint response when several
    Assign {
        review: String,
        rec: String,
        #[arg(required = true, num_args = 1..)]
        partners: Vec<String>,
        /// Give each partner its own response instead of one joint response
        #[arg(long)]
        separately: bool,
    },
    /// Save a partner's response to a recommendation (REC: its reference or number)
    Respond {
        review: String,
        rec: String,
        partner: String,
        #[command(flatten)]
        response: RecResponseArgs,
        /// Then set the status: drafting, submitted, approved, ...
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
    },
    /// Change the status of a partner's response to a recommendation
    SetStatus {
        review: String,
        rec: String,
        partner: String,
        #[arg(value_parser = parse_status)]
        status: Status,
    },
    /// Record progress on carrying a recommendation out
    Update {
        review: String,
        rec: String,
        /// not-started, on-track, at-risk, off-track, complete or paused
        #[arg(long, value_parser = parse_progress)]
        progress: ProgressStatus,
        /// What happened (for paused: the reason)
        #[arg(long, default_value = "")]
        text: String,
        /// The day it describes [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Change a recommendation's words, reference or dates
    Edit {
        review: String,
        rec: String,
        /// Its new words (one paragraph per line)
        #[arg(long)]
        text: Option<String>,
        /// Its new reference
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
        /// When responses are due, or "none"
        #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_optional_date)]
        due: Option<MaybeDate>,
        /// The day the committee agreed it, or "none"
        #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_optional_date)]
        agreed: Option<MaybeDate>,
    },
    /// Delete a recommendation with its responses and updates
    Delete { review: String, rec: String },
    /// Move a recommendation; numbers follow
    Move {
        review: String,
        rec: String,
        /// The number it should have
        #[arg(long)]
        to: u32,
    },
}

/// Words given on the command line or from a file, or none.
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub(crate) struct OptionalText {
    /// The response text
    #[arg(long)]
    pub(crate) text: Option<String>,
    /// Read the response from a UTF-8 file (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub(crate) text_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AppendixCommand {
    /// Add an appendix, optionally keeping its file in the workbook
    Add {
        review: String,
        /// e.g. "Appendix 7.2"
        label: String,
        #[arg(long)]
        title: Option<String>,
        /// The appendix file, kept inside the workbook
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Questions that refer to it (repeatable)
        #[arg(long = "question", value_name = "Q")]
        questions: Vec<u32>,
    },
    /// Say that a question refers to an appendix (or, with --remove, no longer does)
    Refer {
        review: String,
        q: u32,
        label: String,
        #[arg(long)]
        remove: bool,
    },
    /// Save an appendix's attached file
    Save {
        review: String,
        label: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Remove an appendix
    Remove { review: String, label: String },
}

impl Command {
    /// Whether the command changes the workbook (and so may create it).
    pub(crate) fn writes(&self) -> bool {
        !matches!(
            self,
            Command::Reviews { .. }
                | Command::Show { .. }
                | Command::Status { .. }
                | Command::History { .. }
                | Command::Chase { ics: None, .. }
                | Command::Progress { .. }
                | Command::Due { apply: false, .. }
                | Command::Settings {
                    name: None,
                    placeholder: None,
                    clear_days: None,
                    rec_days: None,
                    ..
                }
                | Command::Export { .. }
                | Command::Import { dry_run: true, .. }
                | Command::Partner(PartnerCommand::List { .. })
                | Command::Pack(PackCommand::Export { .. })
                | Command::Pack(PackCommand::Import { dry_run: true, .. })
                | Command::Backup { .. }
                | Command::Backups { .. }
                | Command::Appendix(AppendixCommand::Save { .. })
                | Command::Recs { .. }
        )
    }
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct TextSource {
    /// The response text
    #[arg(long)]
    pub(crate) text: Option<String>,
    /// Read the response from a UTF-8 file (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub(crate) text_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct NewReviewArgs {
    pub(crate) title: String,
    #[arg(long)]
    pub(crate) subtitle: Option<String>,
    #[arg(long)]
    pub(crate) committee: Option<String>,
    #[arg(long)]
    pub(crate) partnership: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) meeting_date: Option<NaiveDate>,
    /// e.g. 2025/26
    #[arg(long)]
    pub(crate) financial_year: Option<String>,
    /// Introductory paragraphs, one per line
    #[arg(long, value_name = "FILE")]
    pub(crate) intro_file: Option<PathBuf>,
    /// Start with every partner the workbook's other reviews know
    #[arg(long)]
    pub(crate) reuse_partners: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EditReviewArgs {
    pub(crate) review: String,
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// A subtitle, or "" to remove it
    #[arg(long)]
    pub(crate) subtitle: Option<String>,
    #[arg(long)]
    pub(crate) committee: Option<String>,
    #[arg(long)]
    pub(crate) partnership: Option<String>,
    /// YYYY-MM-DD, or "none" to clear it
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_optional_date)]
    pub(crate) meeting_date: Option<MaybeDate>,
    #[arg(long)]
    pub(crate) financial_year: Option<String>,
    /// in_progress, sent or archived
    #[arg(long, value_parser = parse_review_status)]
    pub(crate) status: Option<ReviewStatus>,
    /// Introductory paragraphs, one per line
    #[arg(long, value_name = "FILE")]
    pub(crate) intro_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PackCommand {
    /// Write a pack of the questions PARTNER answers, with their current answers
    /// (a .docx file name writes a Word form instead, for partners without the app)
    Export {
        review: String,
        partner: String,
        /// The pack file to write (.kloepack), or a Word form (.docx)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Partner side: open a pack in this workbook and print the review id of
    /// the partner's copy (opening it again keeps the answers written so far)
    Open { pack: PathBuf },
    /// Partner side: answer question Q of a pack and mark it ready to return
    Answer {
        pack: PathBuf,
        q: u32,
        #[command(flatten)]
        text: TextSource,
        /// Save the answer as a draft, not ready to return
        #[arg(long)]
        draft: bool,
    },
    /// Partner side: respond to recommendation REC of a pack (its reference
    /// or number) and mark the response ready to return
    Respond {
        pack: PathBuf,
        rec: String,
        #[command(flatten)]
        response: RecResponseArgs,
        /// Save the response as a draft, not ready to return
        #[arg(long)]
        draft: bool,
    },
    /// Partner side: record who signed the answers off
    Signoff {
        pack: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
        /// [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// Partner side: write the response file holding every answer marked ready
    Return {
        pack: PathBuf,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Merge a partner's response file (or filled-in Word form) into its review
    Import {
        file: PathBuf,
        /// Show what would change, and change nothing
        #[arg(long)]
        dry_run: bool,
        /// Where the officer changed an answer after the pack was sent and the
        /// partner changed it too: keep the partner's or ours (without this,
        /// such a response is refused)
        #[arg(long, value_enum)]
        prefer: Option<Prefer>,
        /// Merge this return even though a later return of the same pack has
        /// been merged (its answers go back to this file's words)
        #[arg(long)]
        allow_older: bool,
        #[arg(long)]
        json: bool,
    },
}

/// The parts of a response to a recommendation; each given replaces the
/// one saved before.
#[derive(Debug, clap::Args)]
pub(crate) struct RecResponseArgs {
    /// accepted, partly or not-accepted
    #[arg(long, value_parser = parse_decision)]
    pub decision: Option<Decision>,
    #[command(flatten)]
    pub text: OptionalText,
    /// The lead officer ("" clears it)
    #[arg(long, value_name = "NAME")]
    pub lead: Option<String>,
    /// The target date for the action
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub target: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Prefer {
    Partner,
    Ours,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PartnerCommand {
    /// List the review's partners
    List {
        review: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a partner, e.g. `kloe partner add 1 "Derbyshire Police" --short Police`
    Add {
        review: String,
        name: String,
        #[arg(long)]
        short: String,
        /// [default: "<short name> Response"]
        #[arg(long)]
        label: Option<String>,
        /// Another name the partner goes by (repeatable)
        #[arg(long = "alias")]
        aliases: Vec<String>,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Change a partner's details
    Edit {
        review: String,
        partner: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        short: Option<String>,
        #[arg(long)]
        label: Option<String>,
        /// Replaces the aliases (repeatable)
        #[arg(long = "alias")]
        aliases: Vec<String>,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Remove a partner who has no assignments
    Remove { review: String, partner: String },
}

#[derive(Debug, Subcommand)]
pub(crate) enum SectionCommand {
    /// Add a section heading
    Add {
        review: String,
        title: String,
        /// Place among the sections, 1 = first [default: last]
        #[arg(long)]
        at: Option<usize>,
        /// A lead-in paragraph (repeatable)
        #[arg(long = "lead-in")]
        lead_in: Vec<String>,
        /// Partners new questions here are assigned to, each separately
        #[arg(long, num_args = 1..)]
        partners: Vec<String>,
    },
    /// Change a section's heading, lead-in or default partners
    Edit {
        review: String,
        /// The section's place, 1 = first
        section: usize,
        #[arg(long)]
        title: Option<String>,
        /// Replaces the lead-in paragraphs (repeatable)
        #[arg(long = "lead-in")]
        lead_in: Vec<String>,
        #[arg(long, num_args = 1..)]
        partners: Vec<String>,
    },
    /// Move a section, with its questions, to another place
    Move {
        review: String,
        section: usize,
        #[arg(long)]
        to: usize,
    },
    /// Delete a section
    Delete {
        review: String,
        section: usize,
        /// Delete its questions and their responses too
        #[arg(long)]
        with_questions: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum QuestionCommand {
    /// Add a question
    Add {
        review: String,
        text: String,
        /// The section's place, 1 = first [default: the last section]
        #[arg(long)]
        section: Option<usize>,
        /// Place inside the section, 1 = first [default: last]
        #[arg(long)]
        at: Option<usize>,
        /// A context paragraph shown before the question (repeatable)
        #[arg(long)]
        context: Vec<String>,
        /// A note shown after the question (repeatable)
        #[arg(long)]
        note: Vec<String>,
        /// Partners to assign, each separately [default: the section's]
        #[arg(long, num_args = 1..)]
        assign: Vec<String>,
    },
    /// Change a question's text, context or notes
    Edit {
        review: String,
        q: u32,
        #[arg(long)]
        text: Option<String>,
        /// Replaces the context paragraphs (repeatable)
        #[arg(long)]
        context: Vec<String>,
        /// Replaces the notes (repeatable)
        #[arg(long)]
        note: Vec<String>,
        #[arg(long)]
        clear_context: bool,
        #[arg(long)]
        clear_notes: bool,
    },
    /// Move a question; numbers follow
    Move {
        review: String,
        q: u32,
        /// The number it should have
        #[arg(long, conflicts_with = "section")]
        to: Option<u32>,
        /// Move it into this section (place, 1 = first)
        #[arg(long)]
        section: Option<usize>,
        /// Place inside that section [default: last]
        #[arg(long, requires = "section")]
        at: Option<usize>,
    },
    /// Delete a question and its responses
    Delete { review: String, q: u32 },
}

/// Clear working days: a whole number from 0 to the most settings allow.
pub(crate) fn parse_clear_days(s: &str) -> std::result::Result<u32, String> {
    let max = kloe::store::MAX_CLEAR_DAYS;
    match s.trim().parse::<u64>() {
        Ok(n) if n <= u64::from(max) => Ok(n as u32),
        Ok(_) => Err(format!(
            "{s} clear working days is more than the {max} allowed; choose a smaller number"
        )),
        Err(_) => Err(format!(
            "\"{s}\" is not a number of days; give a whole number from 0 to {max}"
        )),
    }
}

/// A date as YYYY-MM-DD, between the years 1900 and 2200.
pub(crate) fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    use chrono::Datelike;
    let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-18"))?;
    if !(1900..=2200).contains(&date.year()) {
        return Err(format!(
            "{s} is not a date a review can use; give one between the years 1900 and 2200"
        ));
    }
    Ok(date)
}

/// A date, or "none" to clear one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MaybeDate(pub(crate) Option<NaiveDate>);

pub(crate) fn parse_optional_date(s: &str) -> std::result::Result<MaybeDate, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        Ok(MaybeDate(None))
    } else {
        parse_date(s).map(|d| MaybeDate(Some(d)))
    }
}

pub(crate) fn parse_format(s: &str) -> std::result::Result<Format, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

pub(crate) fn parse_status(s: &str) -> std::result::Result<Status, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

pub(crate) fn parse_decision(s: &str) -> std::result::Result<Decision, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

pub(crate) fn parse_progress(s: &str) -> std::result::Result<ProgressStatus, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

pub(crate) fn parse_review_status(s: &str) -> std::result::Result<ReviewStatus, String> {
    s.parse().map_err(|e: Error| e.to_string())
}
