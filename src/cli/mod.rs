//! Command-line arguments and their dispatch to the core. Each command
//! resolves what the user typed (review id, question number, partner name),
//! calls one core operation and prints the result.

mod output;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};

use kloe::doc::{PartnerDraft, ReviewDraft};
use kloe::formats::export::{ExportOptions, Format};
use kloe::formats::import::ImportOptions;
use kloe::formats::pack::Sending;
use kloe::model::{PartnerId, QuestionId, ReviewId, ReviewStatus, RevisionId, Status};
use kloe::store::{
    NewQuestion, NewSection, NextYear, PartnerPatch, QuestionPatch, ReviewPatch, SectionPatch,
};
use kloe::text::{Paragraph, paragraphs_from_text};
use kloe::{Clock, Error, Result, Workbook};

#[derive(Debug, Parser)]
#[command(
    name = "kloe",
    version,
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
    db: Option<PathBuf>,

    /// Name recorded with every saved revision [default: your user name]
    #[arg(long, global = true, env = "KLOE_AUTHOR", value_name = "NAME")]
    author: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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
}

#[derive(Debug, Subcommand)]
enum AppendixCommand {
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
    fn writes(&self) -> bool {
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
        )
    }
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct TextSource {
    /// The response text
    #[arg(long)]
    text: Option<String>,
    /// Read the response from a UTF-8 file (- for standard input)
    #[arg(long, value_name = "FILE")]
    text_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct NewReviewArgs {
    title: String,
    #[arg(long)]
    subtitle: Option<String>,
    #[arg(long)]
    committee: Option<String>,
    #[arg(long)]
    partnership: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    meeting_date: Option<NaiveDate>,
    /// e.g. 2025/26
    #[arg(long)]
    financial_year: Option<String>,
    /// Introductory paragraphs, one per line
    #[arg(long, value_name = "FILE")]
    intro_file: Option<PathBuf>,
    /// Start with every partner the workbook's other reviews know
    #[arg(long)]
    reuse_partners: bool,
}

#[derive(Debug, Args)]
struct EditReviewArgs {
    review: String,
    #[arg(long)]
    title: Option<String>,
    /// A subtitle, or "" to remove it
    #[arg(long)]
    subtitle: Option<String>,
    #[arg(long)]
    committee: Option<String>,
    #[arg(long)]
    partnership: Option<String>,
    /// YYYY-MM-DD, or "none" to clear it
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_optional_date)]
    meeting_date: Option<MaybeDate>,
    #[arg(long)]
    financial_year: Option<String>,
    /// in_progress, sent or archived
    #[arg(long, value_parser = parse_review_status)]
    status: Option<ReviewStatus>,
    /// Introductory paragraphs, one per line
    #[arg(long, value_name = "FILE")]
    intro_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum PackCommand {
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

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Prefer {
    Partner,
    Ours,
}

#[derive(Debug, Subcommand)]
enum PartnerCommand {
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
enum SectionCommand {
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
enum QuestionCommand {
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

pub fn run(cli: Cli) -> Result<()> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => Workbook::default_path()?,
    };
    let clock = clock_from_env()?;
    // Buffered: stdout is line-buffered, and a large review prints thousands of lines.
    let out = &mut output::Printable::new(std::io::BufWriter::new(std::io::stdout().lock()));
    if !cli.command.writes() && !path.exists() {
        match &cli.command {
            Command::Reviews { .. } => {
                output::line(
                    out,
                    "No reviews yet. Create one with `kloe new TITLE`, or try `kloe sample`.",
                )?;
                return output::flush(out);
            }
            Command::Import { file, approved, .. } => {
                // A dry run needs no workbook: there are no partners to
                // match, and its checks are rehearsed in one kept in memory.
                let opts = ImportOptions {
                    approved: *approved,
                    into: None,
                };
                let reading = Workbook::open_in_memory()?.import_preview(file, &opts)?;
                output::reading(out, file, &reading)?;
                output::line(out, "Nothing was written: this was a dry run.")?;
                return output::flush(out);
            }
            _ => {}
        }
        // Reading must never leave a new, empty workbook behind.
        Workbook::open_existing(&path)?;
    }
    let mut store = Workbook::open(&path)?.with_clock(clock);
    let author = store.author(cli.author.as_deref())?;
    let today = clock.now().with_timezone(&chrono::Local).date_naive();

    let result = match cli.command {
        Command::Sample { if_missing } => {
            let (id, created) = if if_missing {
                store.ensure_sample()?
            } else {
                (store.create_sample()?, true)
            };
            let title = store.review(id)?.title;
            let verb = if created { "Created" } else { "Found" };
            output::line(
                out,
                &format!("{verb} the sample review \"{title}\" with id {id}"),
            )
        }
        Command::Import {
            file,
            dry_run,
            approved,
            into,
        } => {
            let into = into.map(|r| store.resolve_review(&r)).transpose()?;
            let opts = ImportOptions { approved, into };
            if dry_run {
                let reading = store.import_preview(&file, &opts)?;
                output::reading(out, &file, &reading)?;
                output::line(out, "Nothing was written: this was a dry run.")
            } else {
                let (id, reading) = store.import(&file, &opts, &author)?;
                output::reading_summary(out, &file, &reading)?;
                let title = store.review(id)?.title;
                match into {
                    Some(_) => output::line(out, &format!("Added to \"{title}\", review {id}")),
                    None => output::line(out, &format!("Imported \"{title}\" with id {id}")),
                }
            }
        }
        Command::Reviews { json } => {
            let reviews = store.reviews()?;
            if json {
                output::json(out, &reviews)
            } else {
                output::reviews(out, &reviews)
            }
        }
        Command::New(a) => {
            let draft = ReviewDraft {
                title: a.title,
                subtitle: a.subtitle,
                committee: a.committee,
                partnership: a.partnership,
                meeting_date: a.meeting_date,
                financial_year: a.financial_year,
                intro: match &a.intro_file {
                    Some(f) => paragraphs_from_text(&read_text(f)?),
                    None => Vec::new(),
                },
                ..ReviewDraft::default()
            };
            let title = draft.title.trim().to_string();
            let id = store.new_review(draft, a.reuse_partners, &author)?;
            output::line(out, &format!("Created review \"{title}\" with id {id}"))
        }
        Command::Edit(a) => {
            let id = store.resolve_review(&a.review)?;
            let patch = ReviewPatch {
                title: a.title,
                subtitle: a.subtitle.map(non_empty),
                committee: a.committee.map(non_empty),
                partnership: a.partnership.map(non_empty),
                meeting_date: a.meeting_date.map(|d| d.0),
                financial_year: a.financial_year.map(non_empty),
                intro: match &a.intro_file {
                    Some(f) => Some(paragraphs_from_text(&read_text(f)?)),
                    None => None,
                },
                status: a.status,
            };
            store.update_review(id, &patch)?;
            output::line(out, &format!("Updated review {id}"))
        }
        Command::Delete { review } => {
            let id = store.resolve_review(&review)?;
            let title = store.delete_review(id)?;
            output::line(out, &format!("Deleted review {id} \"{title}\""))
        }
        Command::Show { review, json } => {
            let id = store.resolve_review(&review)?;
            let doc = store.load(id)?;
            if json {
                output::json(out, &doc)
            } else {
                output::review(out, &doc)
            }
        }
        Command::Status {
            review,
            json,
            today: on,
        } => {
            let id = store.resolve_review(&review)?;
            let tracker = store.tracker(id, on.unwrap_or(today))?;
            if json {
                output::json(out, &tracker)
            } else {
                output::tracker(out, &tracker)
            }
        }
        Command::Assign {
            review,
            q,
            partners,
            due,
            separately,
            label,
        } => {
            let (id, question) = question(&mut store, &review, q)?;
            let ids = partner_ids(&mut store, id, &partners)?;
            let joint = ids.len() > 1 && !separately;
            if label.is_some() && ids.len() > 1 && !joint {
                return Err(Error::Invalid(
                    "--label names one response; give it for one partner or a joint response, not with --separately."
                        .into(),
                ));
            }
            let assigned = store.assign(question, &ids, joint, label.as_deref(), due)?;
            for a in assigned {
                let info = store.assignment(a)?;
                output::line(out, &output::assigned(&info))?;
            }
            Ok(())
        }
        Command::Unassign {
            review,
            q,
            partner,
            discard_response,
        } => {
            let (id, assignment) = assignment(&mut store, &review, q, &partner)?;
            let p = store.find_partner(id, &partner)?;
            let info = store.assignment(assignment)?;
            store.unassign_partner(assignment, p.id, discard_response)?;
            if info.partners.len() > 1 {
                let now = store.assignment(assignment)?;
                output::line(
                    out,
                    &format!(
                        "Question {q}: {} is no longer part of the {}; it is now the {}",
                        p.short_name, info.label, now.label
                    ),
                )
            } else {
                output::line(out, &format!("Question {q}: removed the {}", info.label))
            }
        }
        Command::Respond {
            review,
            q,
            partner,
            text,
            status,
        } => {
            let (_, assignment) = assignment(&mut store, &review, q, &partner)?;
            let source = match (text.text, text.text_file) {
                (Some(t), _) => t,
                (None, Some(f)) => read_text(&f)?,
                (None, None) => String::new(),
            };
            let paragraphs = paragraphs_from_text(&source);
            let saved = store.respond(assignment, &paragraphs, status, &author)?;
            let info = store.assignment(assignment)?;
            output::line(out, &output::saved(&info, &saved))
        }
        Command::SetStatus {
            review,
            q,
            partner,
            status,
        } => {
            let (_, assignment) = assignment(&mut store, &review, q, &partner)?;
            store.set_status(assignment, status, &author)?;
            let info = store.assignment(assignment)?;
            output::line(
                out,
                &format!(
                    "Question {q}: {} is now {}",
                    info.label,
                    info.status.label()
                ),
            )
        }
        Command::Chase {
            review,
            partner,
            today,
            mailto,
            ics,
            json,
        } => {
            let id = store.resolve_review(&review)?;
            let p = store.find_partner(id, &partner)?;
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            if let Some(file) = ics {
                let calendar = store.reminder_ics(id, p.id, today)?;
                kloe::files::save(&file, calendar.as_bytes(), store.path())?;
                return output::line(
                    out,
                    &format!("Saved a reminder for {} to {}", p.name, file.display()),
                );
            }
            let chase = store.chase(id, p.id, today, &author)?;
            if json {
                output::json(out, &chase)
            } else if mailto {
                output::line(out, &chase.mailto)
            } else {
                let to = chase
                    .to
                    .as_deref()
                    .unwrap_or("(no contact e-mail recorded)");
                output::line(
                    out,
                    &format!(
                        "To: {to}\nSubject: {}\n\n{}",
                        chase.subject,
                        chase.body.trim_end()
                    ),
                )
            }
        }
        Command::Due {
            review,
            clear_days,
            apply,
            json,
        } => {
            let id = store.resolve_review(&review)?;
            let clear_days = match clear_days {
                Some(n) => n,
                None => store.settings()?.clear_days,
            };
            let proposals = store.propose_due_dates(id, clear_days)?;
            if apply {
                let dates: Vec<_> = proposals
                    .iter()
                    .map(|p| (p.assignment, Some(p.proposed)))
                    .collect();
                store.set_due_dates(&dates)?;
            }
            if json {
                return output::json(out, &proposals);
            }
            let Some(first) = proposals.first() else {
                return output::line(out, "Nothing is owed, so no due dates are needed.");
            };
            let verb = if apply { "Set" } else { "Proposed" };
            output::line(
                out,
                &format!(
                    "{verb}: due {} for {} answer(s), {clear_days} clear working days before the meeting",
                    kloe::text::long_date(first.proposed),
                    proposals.len()
                ),
            )?;
            for p in &proposals {
                let was = p
                    .current
                    .map(|d| format!(" (was {})", kloe::text::long_date(d)))
                    .unwrap_or_default();
                output::line(out, &format!("  Question {}: {}{was}", p.number, p.label))?;
            }
            if !apply {
                output::line(out, "Add --apply to set them.")?;
            }
            Ok(())
        }
        Command::Settings {
            name,
            placeholder,
            clear_days,
            json,
        } => {
            let mut settings = store.settings()?;
            let changing = name.is_some() || placeholder.is_some() || clear_days.is_some();
            if let Some(n) = name {
                settings.author = Some(n).filter(|n| !n.trim().is_empty());
            }
            if let Some(p) = placeholder {
                settings.placeholder = p;
            }
            if let Some(d) = clear_days {
                settings.clear_days = d;
            }
            if changing {
                store.save_settings(&settings)?;
                settings = store.settings()?;
            }
            if json {
                return output::json(out, &settings);
            }
            output::line(
                out,
                &format!(
                    "Name in revisions:   {}\nAnswer still owed:   {}\nDue before meeting:  {} clear working days",
                    settings
                        .author
                        .as_deref()
                        .unwrap_or("(the computer's user name)"),
                    settings.placeholder,
                    settings.clear_days
                ),
            )
        }
        Command::Progress { review, json } => {
            let id = store.resolve_review(&review)?;
            let days = store.progress_history(id)?;
            if json {
                return output::json(out, &days);
            }
            output::line(
                out,
                "Day          Not started  Drafting  Submitted  Approved  Not required  Elsewhere",
            )?;
            for d in &days {
                let c = |s: Status| d.counts.get(s);
                output::line(
                    out,
                    &format!(
                        "{:<12} {:>11}  {:>8}  {:>9}  {:>8}  {:>12}  {:>9}",
                        d.day.format("%Y-%m-%d"),
                        c(Status::NotStarted),
                        c(Status::Drafting),
                        c(Status::Submitted),
                        c(Status::Approved),
                        c(Status::NotRequired),
                        c(Status::AnsweredElsewhere)
                    ),
                )?;
            }
            Ok(())
        }
        Command::Backup { output } => {
            store.backup_to(&output)?;
            output::line(
                out,
                &format!("Backed up the workbook to {}", output.display()),
            )
        }
        Command::Backups { json } => {
            let backups = store.backups()?;
            if json {
                return output::json(out, &backups);
            }
            if backups.is_empty() {
                return output::line(out, "No automatic backups yet.");
            }
            for b in backups {
                output::line(
                    out,
                    &format!(
                        "{}  {:<17} {:>7} KB  {}",
                        b.taken_at.format("%-d %b %Y %H:%M:%S"),
                        b.reason,
                        b.bytes / 1024,
                        b.path
                    ),
                )?;
            }
            Ok(())
        }
        Command::Restore { what } if what.len() == 1 => {
            let file = PathBuf::from(&what[0]);
            store.restore_backup(&file)?;
            output::line(
                out,
                &format!(
                    "Restored the workbook from {}; what it held before is kept as a backup (kloe backups)",
                    file.display()
                ),
            )
        }
        Command::Restore { what } => {
            let [review, q, partner, revision] = &what[..] else {
                return Err(Error::Invalid(
                    "Give a backup file (kloe restore FILE), or a review, question, partner and revision (kloe restore 1 9 Police 14).".into(),
                ));
            };
            let q: u32 = q
                .parse()
                .map_err(|_| Error::Invalid(format!("\"{q}\" is not a question number.")))?;
            let revision: i64 = revision.parse().map_err(|_| {
                Error::Invalid(format!(
                    "\"{revision}\" is not a revision number; `kloe history` lists them."
                ))
            })?;
            let (_, assignment) = assignment(&mut store, review, q, partner)?;
            let outcome = store.restore_revision(assignment, RevisionId(revision), &author)?;
            let info = store.assignment(assignment)?;
            let what = if outcome.changed {
                format!("restored revision {revision}")
            } else {
                format!("already reads as revision {revision}")
            };
            output::line(
                out,
                &format!(
                    "Question {}: {} {what} ({})",
                    info.number,
                    info.label,
                    outcome.status.label()
                ),
            )
        }
        Command::History {
            review,
            q,
            partner,
            json,
        } => {
            let (_, assignment) = assignment(&mut store, &review, q, &partner)?;
            let revisions = store.history(assignment)?;
            if json {
                output::json(out, &revisions)
            } else {
                output::history(out, &revisions)
            }
        }
        Command::Export {
            review,
            format,
            output: path,
            only_approved,
            placeholder,
            omit_missing,
            final_copy,
            template,
        } => {
            let id = store.resolve_review(&review)?;
            let format = match format.or_else(|| Format::from_path(&path)) {
                Some(f) => f,
                None => {
                    return Err(Error::Invalid(format!(
                        "Say which format to write {} in: --format docx, md or html.",
                        path.display()
                    )));
                }
            };
            let opts = ExportOptions {
                format,
                only_approved,
                placeholder: match (omit_missing, placeholder) {
                    (true, _) => None,
                    (false, Some(p)) => Some(p),
                    (false, None) => Some(store.settings()?.placeholder),
                },
                final_copy,
            };
            store.export(id, &opts, template.as_deref(), &path)?;
            output::line(out, &format!("Exported review {id} to {}", path.display()))
        }
        Command::NextYear {
            review,
            title,
            meeting_date,
        } => {
            let id = store.resolve_review(&review)?;
            let new = store.start_next_year(
                id,
                &NextYear {
                    title,
                    meeting_date,
                },
            )?;
            let title = store.review(new)?.title;
            output::line(
                out,
                &format!("Started next year's review \"{title}\" from review {id}, with id {new}"),
            )
        }
        Command::Partner(cmd) => partner_command(&mut store, out, cmd),
        Command::Pack(cmd) => pack_command(&mut store, out, cmd, &author),
        Command::Section(cmd) => section_command(&mut store, out, cmd),
        Command::Question(cmd) => question_command(&mut store, out, cmd),
        Command::Appendix(cmd) => appendix_command(&mut store, out, cmd),
    };
    output::flush(out)?;
    result
}

fn partner_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: PartnerCommand,
) -> Result<()> {
    match cmd {
        PartnerCommand::List { review, json } => {
            let id = store.resolve_review(&review)?;
            let partners = store.partners(id)?;
            if json {
                output::json(out, &partners)
            } else {
                output::partners(out, &partners)
            }
        }
        PartnerCommand::Add {
            review,
            name,
            short,
            label,
            aliases,
            contact,
            email,
        } => {
            let id = store.resolve_review(&review)?;
            let pid = store.add_partner(
                id,
                &PartnerDraft {
                    name,
                    short_name: short,
                    label,
                    aliases,
                    contact_name: contact,
                    contact_email: email,
                },
            )?;
            let p = store.partners(id)?.into_iter().find(|p| p.id == pid);
            match p {
                Some(p) => output::line(
                    out,
                    &format!(
                        "Added partner {} ({}), responses labelled \"{}\"",
                        p.name, p.short_name, p.label
                    ),
                ),
                None => Ok(()),
            }
        }
        PartnerCommand::Edit {
            review,
            partner,
            name,
            short,
            label,
            aliases,
            contact,
            email,
        } => {
            let id = store.resolve_review(&review)?;
            let p = store.find_partner(id, &partner)?;
            store.update_partner(
                p.id,
                &PartnerPatch {
                    name,
                    short_name: short,
                    label,
                    aliases: (!aliases.is_empty()).then_some(aliases),
                    contact_name: contact.map(non_empty),
                    contact_email: email.map(non_empty),
                },
            )?;
            output::line(out, &format!("Updated partner {}", p.short_name))
        }
        PartnerCommand::Remove { review, partner } => {
            let id = store.resolve_review(&review)?;
            let p = store.find_partner(id, &partner)?;
            store.delete_partner(p.id)?;
            output::line(out, &format!("Removed partner {}", p.name))
        }
    }
}

fn section_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: SectionCommand,
) -> Result<()> {
    match cmd {
        SectionCommand::Add {
            review,
            title,
            at,
            lead_in,
            partners,
        } => {
            let id = store.resolve_review(&review)?;
            let default_partners = partner_ids(store, id, &partners)?;
            store.add_section(
                id,
                &NewSection {
                    title: title.clone(),
                    lead_in: paragraphs(&lead_in),
                    default_partners,
                    position: at,
                },
            )?;
            output::line(out, &format!("Added section \"{}\"", title.trim()))
        }
        SectionCommand::Edit {
            review,
            section,
            title,
            lead_in,
            partners,
        } => {
            let id = store.resolve_review(&review)?;
            let sid = store.section_by_position(id, section)?;
            let default_partners = if partners.is_empty() {
                None
            } else {
                Some(partner_ids(store, id, &partners)?)
            };
            store.update_section(
                sid,
                &SectionPatch {
                    title,
                    lead_in: (!lead_in.is_empty()).then(|| paragraphs(&lead_in)),
                    default_partners,
                },
            )?;
            output::line(out, &format!("Updated section {section}"))
        }
        SectionCommand::Move {
            review,
            section,
            to,
        } => {
            let id = store.resolve_review(&review)?;
            let sid = store.section_by_position(id, section)?;
            store.move_section(sid, to)?;
            output::line(out, &format!("Moved section {section} to place {to}"))
        }
        SectionCommand::Delete {
            review,
            section,
            with_questions,
        } => {
            let id = store.resolve_review(&review)?;
            let sid = store.section_by_position(id, section)?;
            store.delete_section(sid, with_questions)?;
            output::line(out, &format!("Deleted section {section}"))
        }
    }
}

fn question_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: QuestionCommand,
) -> Result<()> {
    match cmd {
        QuestionCommand::Add {
            review,
            text,
            section,
            at,
            context,
            note,
            assign,
        } => {
            let id = store.resolve_review(&review)?;
            let sections = store.load(id)?.sections.len();
            if sections == 0 {
                return Err(Error::Invalid(
                    "This review has no sections yet; add one with `kloe section add` first."
                        .into(),
                ));
            }
            let sid = store.section_by_position(id, section.unwrap_or(sections))?;
            let assign_to = if assign.is_empty() {
                None
            } else {
                Some(partner_ids(store, id, &assign)?)
            };
            let qid = store.add_question(
                sid,
                &NewQuestion {
                    text,
                    context: paragraphs(&context),
                    notes: paragraphs(&note),
                    position: at,
                    assign_to,
                },
            )?;
            let place = store.question_place(qid)?;
            output::line(out, &format!("Added question {}", place.number))
        }
        QuestionCommand::Edit {
            review,
            q,
            text,
            context,
            note,
            clear_context,
            clear_notes,
        } => {
            let (_, qid) = question(store, &review, q)?;
            let patch = QuestionPatch {
                text,
                context: (clear_context || !context.is_empty()).then(|| paragraphs(&context)),
                notes: (clear_notes || !note.is_empty()).then(|| paragraphs(&note)),
            };
            store.update_question(qid, &patch)?;
            output::line(out, &format!("Updated question {q}"))
        }
        QuestionCommand::Move {
            review,
            q,
            to,
            section,
            at,
        } => {
            let (id, qid) = question(store, &review, q)?;
            match (to, section) {
                (Some(n), _) => store.move_question_to_number(qid, n)?,
                (None, Some(s)) => {
                    let sid = store.section_by_position(id, s)?;
                    let len = store
                        .load(id)?
                        .sections
                        .iter()
                        .find(|x| x.id == sid)
                        .map_or(0, |x| x.questions.iter().filter(|q| q.id != qid).count());
                    store.move_question(qid, sid, at.unwrap_or(len + 1))?
                }
                (None, None) => {
                    return Err(Error::Invalid(
                        "Say where to move the question: --to NUMBER, or --section N [--at PLACE]."
                            .into(),
                    ));
                }
            }
            let place = store.question_place(qid)?;
            output::line(
                out,
                &format!("Question {q} is now question {}", place.number),
            )
        }
        QuestionCommand::Delete { review, q } => {
            let (_, qid) = question(store, &review, q)?;
            store.delete_question(qid)?;
            output::line(
                out,
                &format!("Deleted question {q}; the questions after it have moved up"),
            )
        }
    }
}

fn appendix_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: AppendixCommand,
) -> Result<()> {
    match cmd {
        AppendixCommand::Add {
            review,
            label,
            title,
            file,
            questions,
        } => {
            let id = store.resolve_review(&review)?;
            let qids = questions
                .iter()
                .map(|q| store.question_by_number(id, *q))
                .collect::<Result<Vec<_>>>()?;
            store.add_appendix(id, &label, title.as_deref(), file.as_deref(), &qids)?;
            output::line(out, &format!("Added {}", label.trim()))
        }
        AppendixCommand::Refer {
            review,
            q,
            label,
            remove,
        } => {
            let (_, qid) = question(store, &review, q)?;
            store.refer_to_appendix(qid, &label, !remove)?;
            let verb = if remove { "no longer refers" } else { "refers" };
            output::line(out, &format!("Question {q} {verb} to {}", label.trim()))
        }
        AppendixCommand::Save {
            review,
            label,
            output: path,
        } => {
            let id = store.resolve_review(&review)?;
            let (name, data) = store.appendix_file(id, &label)?;
            kloe::files::save(&path, &data, store.path())?;
            output::line(out, &format!("Saved {name} to {}", path.display()))
        }
        AppendixCommand::Remove { review, label } => {
            let id = store.resolve_review(&review)?;
            store.delete_appendix(id, &label)?;
            output::line(out, &format!("Removed {}", label.trim()))
        }
    }
}

fn question(store: &mut Workbook, review: &str, number: u32) -> Result<(ReviewId, QuestionId)> {
    let id = store.resolve_review(review)?;
    Ok((id, store.question_by_number(id, number)?))
}

fn assignment(
    store: &mut Workbook,
    review: &str,
    number: u32,
    partner: &str,
) -> Result<(ReviewId, kloe::model::AssignmentId)> {
    let (id, q) = question(store, review, number)?;
    let p = store.find_partner(id, partner)?;
    Ok((id, store.find_assignment(q, p.id)?))
}

fn partner_ids(store: &mut Workbook, review: ReviewId, names: &[String]) -> Result<Vec<PartnerId>> {
    names
        .iter()
        .map(|n| store.find_partner(review, n).map(|p| p.id))
        .collect()
}

fn paragraphs(items: &[String]) -> Vec<Paragraph> {
    items.iter().flat_map(|t| paragraphs_from_text(t)).collect()
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn pack_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: PackCommand,
    author: &str,
) -> Result<()> {
    match cmd {
        PackCommand::Export {
            review,
            partner,
            output,
        } => {
            let id = store.resolve_review(&review)?;
            let p = store.find_partner(id, &partner)?;
            let word = Format::from_path(&output) == Some(Format::Docx);
            let sending = if word { Sending::Form } else { Sending::Pack };
            store.send_pack_to(id, p.id, sending, &output, author)?;
            let what = if word { "Word form" } else { "pack" };
            output::line(
                out,
                &format!("Wrote the {what} for {} to {}", p.name, output.display()),
            )
        }
        PackCommand::Open { pack } => {
            let opened = store.open_pack(&read_file(&pack)?, author)?;
            let verb = if opened.created { "Opened" } else { "Reopened" };
            output::line(
                out,
                &format!(
                    "{verb} the pack for {}: {} questions of \"{}\", as review {}",
                    opened.partner_name, opened.questions, opened.title, opened.review
                ),
            )
        }
        PackCommand::Answer {
            pack,
            q,
            text,
            draft,
        } => {
            let review = store.open_pack(&read_file(&pack)?, author)?.review;
            let doc = store.load(review)?;
            let question = doc.question(q).ok_or_else(|| {
                let numbers: Vec<String> = doc.questions().map(|q| q.number.to_string()).collect();
                Error::NotFound(format!(
                    "This pack has no question {q}; its questions are {}.",
                    numbers.join(", ")
                ))
            })?;
            let assignment =
                question.assignments.first().map(|a| a.id).ok_or_else(|| {
                    Error::NotFound(format!("Question {q} has no answer to write."))
                })?;
            let source = match (text.text, text.text_file) {
                (Some(t), _) => t,
                (None, Some(f)) => read_text(&f)?,
                (None, None) => String::new(),
            };
            let status = (!draft).then_some(Status::Submitted);
            let saved =
                store.respond(assignment, &paragraphs_from_text(&source), status, author)?;
            let info = store.assignment(assignment)?;
            let state = if saved.status == Status::Submitted {
                "ready to return"
            } else {
                saved.status.label()
            };
            output::line(out, &format!("Question {q}: {} saved, {state}", info.label))
        }
        PackCommand::Signoff {
            pack,
            name,
            role,
            date,
        } => {
            let review = store.open_pack(&read_file(&pack)?, author)?.review;
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let signoff = kloe::model::SignOff::new(&name, &role, date)?;
            store.set_signoff(review, Some(&signoff))?;
            output::line(out, &format!("Answers signed off by {signoff}"))
        }
        PackCommand::Return { pack, output } => {
            let bytes = read_file(&pack)?;
            let review = store.pack_copy(&bytes)?.ok_or_else(|| {
                Error::Invalid(format!(
                    "{} has not been answered in this workbook yet; answer it first (kloe pack answer).",
                    pack.display()
                ))
            })?;
            let returned = store.return_pack_to(review, &output)?;
            let mut text = format!(
                "Wrote {} ready to return ({}) to {}",
                plural(returned.returned.len(), "answer"),
                output::questions(&returned.returned),
                output.display()
            );
            if !returned.not_ready.is_empty() {
                text.push_str(&format!(
                    "\nNot marked ready, so not returned: {}",
                    output::questions(&returned.not_ready)
                ));
            }
            if returned.signoff.is_none() {
                text.push_str(
                    "\nNo one is recorded as signing these answers off (kloe pack signoff).",
                );
            }
            output::line(out, &text)
        }
        PackCommand::Import {
            file,
            dry_run,
            prefer,
            allow_older,
            json,
        } => {
            let returned = kloe::formats::pack::ReturnedFile::read(&read_file(&file)?)?
                .allowing_older(allow_older);
            let plan = store.plan_merge(&returned)?;
            if let Some(newest) = plan.older_than.filter(|_| plan.already_merged_at.is_none()) {
                eprintln!(
                    "Warning: this is return {} of {}'s pack, older than return {newest}, which was merged; its answers take the place of the newer ones.",
                    plan.sequence, plan.partner_name
                );
            }
            if dry_run {
                return if json {
                    output::json(out, &plan)
                } else {
                    output::line(out, &output::merge_plan(&plan))
                };
            }
            let choice = match prefer {
                Some(Prefer::Partner) => Some(kloe::workbook::packs::merge::Choice::Partner),
                Some(Prefer::Ours) => Some(kloe::workbook::packs::merge::Choice::Ours),
                None => None,
            };
            let choices = plan
                .conflicts()
                .filter_map(|i| choice.clone().map(|c| (i.assignment, c)))
                .collect();
            let outcome = store.merge_response(&returned, &choices, author)?;
            if json {
                output::json(out, &outcome)
            } else {
                output::line(out, &output::merge_outcome(&plan, &outcome))
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A partner pack, response file or filled-in Word form.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    kloe::files::read_limited(path, kloe::formats::pack::MAX_PACK_BYTES, "The file")
}

/// Text for an answer or a question, from a file or (`-`) standard input.
fn read_text(path: &Path) -> Result<String> {
    let limit = kloe::files::MAX_TEXT_BYTES;
    let bytes = if path.as_os_str() == "-" {
        kloe::files::read_stdin_limited(limit, "The text")?
    } else {
        kloe::files::read_limited(path, limit, "The text file")?
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Invalid(format!(
            "{} is not UTF-8 text; save it as UTF-8 and try again.",
            path.display()
        ))
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// `KLOE_NOW` (RFC 3339) fixes the clock, so output can be reproduced exactly.
fn clock_from_env() -> Result<Clock> {
    match std::env::var("KLOE_NOW") {
        Ok(s) if !s.trim().is_empty() => DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Clock::Fixed(t.with_timezone(&Utc)))
            .map_err(|_| {
                Error::Invalid(format!(
                    "KLOE_NOW is \"{s}\"; it must be a time such as 2019-03-18T09:00:00Z, or unset."
                ))
            }),
        _ => Ok(Clock::System),
    }
}

/// Clear working days: a whole number from 0 to the most settings allow.
fn parse_clear_days(s: &str) -> std::result::Result<u32, String> {
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
fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
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
struct MaybeDate(Option<NaiveDate>);

fn parse_optional_date(s: &str) -> std::result::Result<MaybeDate, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        Ok(MaybeDate(None))
    } else {
        parse_date(s).map(|d| MaybeDate(Some(d)))
    }
}

fn parse_format(s: &str) -> std::result::Result<Format, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_status(s: &str) -> std::result::Result<Status, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_review_status(s: &str) -> std::result::Result<ReviewStatus, String> {
    s.parse().map_err(|e: Error| e.to_string())
}
