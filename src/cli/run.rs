//! Each command run: resolve what the user typed (review id, question
//! number, partner name), call the use case, print the result.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::CommandFactory;

use kloe::doc::{PartnerDraft, ReviewDraft};
use kloe::formats::export::{ExportOptions, Format};
use kloe::formats::import::ImportOptions;
use kloe::formats::pack::Sending;
use kloe::model::{PartnerId, QuestionId, ReviewId, RevisionId, Status};
use kloe::store::{
    NewQuestion, NewSection, NextYear, PartnerPatch, QuestionPatch, RecAnswer, RecPatch,
    ReviewPatch, SectionPatch,
};
use kloe::text::{Paragraph, paragraphs_from_text};
use kloe::workbook::recommendations::RecommendationInput;
use kloe::{Clock, Error, Refusal, Result, Workbook};

use super::args::{
    AppendixCommand, Cli, Command, PackCommand, PartnerCommand, Prefer, QuestionCommand,
    RecCommand, RecResponseArgs, SectionCommand,
};
use super::output;

pub fn run(cli: Cli) -> Result<()> {
    // Made from the command line's own definition: no workbook is opened.
    match cli.command {
        Command::Completions { shell } => return shell_completions(shell),
        Command::Man { dir } => return manual_pages(dir.as_deref()),
        _ => {}
    }
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
            Command::Import {
                file,
                approved,
                answered_by,
                explain,
                ..
            } => {
                // A dry run needs no workbook: there are no partners to
                // match, and its checks are rehearsed in one kept in memory.
                let opts = ImportOptions {
                    approved: *approved,
                    into: None,
                    answered_by: answered_by.clone(),
                };
                let reading = Workbook::open_in_memory()?.import_preview(file, &opts)?;
                output::reading(out, file, &reading)?;
                if *explain {
                    output::placed(out, &reading)?;
                }
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
        Command::Completions { shell } => shell_completions(shell),
        Command::Man { dir } => manual_pages(dir.as_deref()),
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
            answered_by,
            explain,
        } => {
            let into = into.map(|r| store.resolve_review(&r)).transpose()?;
            let opts = ImportOptions {
                approved,
                into,
                answered_by,
            };
            if dry_run {
                let reading = store.import_preview(&file, &opts)?;
                output::reading(out, &file, &reading)?;
                if explain {
                    output::placed(out, &reading)?;
                }
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
                return Err(Error::refused(
                    Refusal::Usage,
                    "--label names one response; give it for one partner or a joint response, not with --separately.",
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
            output::due_dates(out, &proposals, clear_days, apply)
        }
        Command::Settings {
            name,
            placeholder,
            clear_days,
            rec_days,
            json,
        } => {
            let mut settings = store.settings()?;
            let changing = name.is_some()
                || placeholder.is_some()
                || clear_days.is_some()
                || rec_days.is_some();
            if let Some(d) = rec_days {
                settings.rec_response_days = d;
            }
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
                    "Name in revisions:   {}\nAnswer still owed:   {}\nDue before meeting:  {} clear working days\nResponses to recommendations due: {} days after the meeting",
                    settings
                        .author
                        .as_deref()
                        .unwrap_or("(the computer's user name)"),
                    settings.placeholder,
                    settings.clear_days,
                    settings.rec_response_days
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
            output::backups(out, &backups)
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
                return Err(Error::refused(
                    Refusal::Usage,
                    "Give a backup file (kloe restore FILE), or a review, question, partner and revision (kloe restore 1 9 Police 14).",
                ));
            };
            let q: u32 = q.parse().map_err(|_| {
                Error::refused(
                    Refusal::BadValue,
                    format!("\"{q}\" is not a question number."),
                )
            })?;
            let revision: i64 = revision.parse().map_err(|_| {
                Error::refused(
                    Refusal::BadValue,
                    format!("\"{revision}\" is not a revision number; `kloe history` lists them."),
                )
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
            schedule,
        } => {
            let id = store.resolve_review(&review)?;
            let format = match format.or_else(|| Format::from_path(&path)) {
                Some(f) => f,
                None => {
                    return Err(Error::refused(
                        Refusal::Usage,
                        format!(
                            "Say which format to write {} in: --format docx, md or html.",
                            path.display()
                        ),
                    ));
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
                schedule,
            };
            store.export(id, &opts, template.as_deref(), &path)?;
            let what = if schedule {
                "the monitoring schedule of review"
            } else {
                "review"
            };
            output::line(out, &format!("Exported {what} {id} to {}", path.display()))
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
        Command::Recs {
            review,
            json,
            history: true,
            ..
        } => {
            let id = store.resolve_review(&review)?;
            let months = store.rec_progress_history(id)?;
            if json {
                output::json(out, &months)
            } else {
                output::rag_history(out, &months)
            }
        }
        Command::Recs {
            review,
            json,
            today: on,
            ..
        } => {
            let id = store.resolve_review(&review)?;
            let recs = store.recommendations(id)?;
            if json {
                output::json(out, &recs)
            } else {
                let partners = store.partners(id)?;
                output::recommendations(out, &partners, &recs, on.unwrap_or(today))
            }
        }
        Command::Rec(cmd) => rec_command(&mut store, out, cmd, &author, today),
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
                return Err(Error::refused(
                    Refusal::NotReady,
                    "This review has no sections yet; add one with `kloe section add` first.",
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
                    return Err(Error::refused(
                        Refusal::Usage,
                        "Say where to move the question: --to NUMBER, or --section N [--at PLACE].",
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

fn rec_command(
    store: &mut Workbook,
    out: &mut impl std::io::Write,
    cmd: RecCommand,
    author: &str,
    today: chrono::NaiveDate,
) -> Result<()> {
    match cmd {
        RecCommand::Add {
            review,
            text,
            to,
            separately,
            reference,
            due,
            agreed,
        } => {
            let id = store.resolve_review(&review)?;
            let ids = partner_ids(store, id, &to)?;
            let owed = if separately {
                ids.iter().map(|p| vec![*p]).collect()
            } else {
                vec![ids]
            };
            let info = store.add_recommendation(
                id,
                &RecommendationInput {
                    reference,
                    text: paragraphs_from_text(&text),
                    agreed,
                    due,
                    owed,
                },
            )?;
            let recs = store.recommendations(id)?;
            let rec = recs
                .iter()
                .find(|r| r.id == info.id)
                .ok_or_else(|| Error::refused(Refusal::Internal, "The recommendation just added could not be read back; nothing else was changed."))?;
            output::line(out, &output::rec_added(&store.partners(id)?, rec))?;
            output::line(out, &info.reference)
        }
        RecCommand::Respond {
            review,
            rec,
            partner,
            response,
            status,
        } => {
            let (id, info) = recommendation(store, &review, &rec)?;
            let p = store.find_partner(id, &partner)?;
            let answer = rec_answer(response)?;
            if answer == RecAnswer::default() && status.is_none() {
                return Err(Error::refused(
                    Refusal::Usage,
                    "Give something to save: --decision, --text or --text-file, --lead, --target or --status.",
                ));
            }
            let saved = store.respond_to_recommendation(info.id, p.id, &answer, status, author)?;
            output::line(
                out,
                &format!(
                    "Recommendation {}: {}'s response {}; status {}",
                    info.reference,
                    p.name,
                    if saved.changed { "saved" } else { "unchanged" },
                    saved.status.label()
                ),
            )
        }
        RecCommand::Assign {
            review,
            rec,
            partners,
            separately,
        } => {
            let (id, info) = recommendation(store, &review, &rec)?;
            let ids = partner_ids(store, id, &partners)?;
            let owed: Vec<Vec<PartnerId>> = if separately {
                ids.iter().map(|p| vec![*p]).collect()
            } else {
                vec![ids]
            };
            store.address_recommendation(info.id, &owed)?;
            output::line(
                out,
                &format!(
                    "Recommendation {} is now addressed to {} as well",
                    info.reference,
                    partners.join(", ")
                ),
            )
        }
        RecCommand::SetStatus {
            review,
            rec,
            partner,
            status,
        } => {
            let (id, info) = recommendation(store, &review, &rec)?;
            let p = store.find_partner(id, &partner)?;
            let now = store.set_recommendation_status(info.id, p.id, status, author)?;
            output::line(
                out,
                &format!(
                    "Recommendation {}: {}'s response is now {}",
                    info.reference,
                    p.name,
                    now.label()
                ),
            )
        }
        RecCommand::Update {
            review,
            rec,
            progress,
            text,
            date,
        } => {
            let (_, info) = recommendation(store, &review, &rec)?;
            let date = date.unwrap_or(today);
            store.add_progress(info.id, date, progress, &text, author)?;
            output::line(
                out,
                &format!(
                    "Recommendation {}: {} on {}",
                    info.reference,
                    progress.label(),
                    output::date(date)
                ),
            )
        }
        RecCommand::Edit {
            review,
            rec,
            text,
            reference,
            due,
            agreed,
        } => {
            let (_, info) = recommendation(store, &review, &rec)?;
            let patch = RecPatch {
                reference,
                text: text.map(|t| paragraphs_from_text(&t)),
                agreed: agreed.map(|d| d.0),
                due: due.map(|d| d.0),
            };
            if patch == RecPatch::default() {
                return Err(Error::refused(
                    Refusal::Usage,
                    "Say what to change: --text, --ref, --due or --agreed.",
                ));
            }
            store.edit_recommendation(info.id, &patch)?;
            let now = store.find_recommendation(info.review, &info.number.to_string())?;
            output::line(
                out,
                &format!(
                    "Recommendation {} is saved as {}",
                    info.reference, now.reference
                ),
            )
        }
        RecCommand::Delete { review, rec } => {
            let (_, info) = recommendation(store, &review, &rec)?;
            store.delete_recommendation(info.id)?;
            output::line(
                out,
                &format!(
                    "Deleted recommendation {}; the recommendations after it have moved up",
                    info.reference
                ),
            )
        }
        RecCommand::Move { review, rec, to } => {
            let (_, info) = recommendation(store, &review, &rec)?;
            store.move_recommendation(info.id, to)?;
            output::line(
                out,
                &format!("Recommendation {} is now number {to}", info.reference),
            )
        }
    }
}

fn recommendation(
    store: &mut Workbook,
    review: &str,
    name: &str,
) -> Result<(ReviewId, kloe::store::RecommendationInfo)> {
    let id = store.resolve_review(review)?;
    Ok((id, store.find_recommendation(id, name)?))
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
            let recs = match opened.recommendations {
                0 => String::new(),
                n => format!(" and {}", plural(n as usize, "recommendation")),
            };
            output::line(
                out,
                &format!(
                    "{verb} the pack for {}: {} questions{recs} of \"{}\", as review {}",
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
            let source = match (text.text, text.text_file) {
                (Some(t), _) => t,
                (None, Some(f)) => read_text(&f)?,
                (None, None) => String::new(),
            };
            let answer = store.answer_pack(
                &read_file(&pack)?,
                q,
                &paragraphs_from_text(&source),
                !draft,
                author,
            )?;
            let state = if answer.status == Status::Submitted {
                "ready to return"
            } else {
                answer.status.label()
            };
            output::line(
                out,
                &format!("Question {q}: {} saved, {state}", answer.label),
            )
        }
        PackCommand::Respond {
            pack,
            rec,
            response,
            draft,
        } => {
            let answer = rec_answer(response)?;
            if answer == RecAnswer::default() && draft {
                return Err(Error::refused(
                    Refusal::Usage,
                    "Give something to save: --decision, --text or --text-file, --lead or --target.",
                ));
            }
            let saved = store.respond_in_pack(&read_file(&pack)?, &rec, &answer, !draft, author)?;
            let state = if saved.status == Status::Submitted {
                "ready to return"
            } else {
                saved.status.label()
            };
            output::line(
                out,
                &format!(
                    "Recommendation {}: response saved, {state}",
                    saved.reference
                ),
            )
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
                Error::refused(Refusal::NotReady, format!(
                    "{} has not been answered in this workbook yet; answer it first (kloe pack answer).",
                    pack.display()
                ))
            })?;
            let returned = store.return_pack_to(review, &output)?;
            let mut parts = Vec::new();
            if !returned.returned.is_empty() {
                parts.push(format!(
                    "{} ({})",
                    plural(returned.returned.len(), "answer"),
                    output::questions(&returned.returned)
                ));
            }
            match returned.returned_recommendations.as_slice() {
                [] => {}
                [one] => parts.push(format!("the response to recommendation {one}")),
                more => parts.push(format!(
                    "the responses to recommendations {}",
                    more.join(", ")
                )),
            }
            let mut text = format!(
                "Wrote {} ready to return to {}",
                parts.join(" and "),
                output.display()
            );
            if !returned.not_ready.is_empty() {
                text.push_str(&format!(
                    "\nNot marked ready, so not returned: {}",
                    output::questions(&returned.not_ready)
                ));
            }
            if !returned.not_ready_recommendations.is_empty() {
                text.push_str(&format!(
                    "\nResponses not marked ready, so not returned: recommendation {}",
                    returned.not_ready_recommendations.join(", ")
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
            let choices = choice
                .map(|c| kloe::workbook::packs::merge::Choices::all(&plan, &c))
                .unwrap_or_default();
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

/// The completions for `shell`, on standard output. Made whole first: the
/// generator cannot report a closed pipe.
fn shell_completions(shell: clap_complete::Shell) -> Result<()> {
    let mut made = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kloe", &mut made);
    write_stdout(&made)
}

/// The manual page, as roff, on standard output; or with `dir`, a page for
/// kloe and each of its commands written there.
fn manual_pages(dir: Option<&Path>) -> Result<()> {
    if let Some(dir) = dir {
        let failed = |source| Error::Io {
            action: "write the manual pages into",
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        return clap_mangen::generate_to(Cli::command(), dir).map_err(failed);
    }
    let mut made = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut made)
        .map_err(to_stdout)?;
    write_stdout(&made)
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(to_stdout)
}

fn to_stdout(source: std::io::Error) -> Error {
    Error::Io {
        action: "write to",
        path: PathBuf::from("standard output"),
        source,
    }
}

/// A response to a recommendation as the options give it.
fn rec_answer(args: RecResponseArgs) -> Result<RecAnswer> {
    let words = match (args.text.text, args.text.text_file) {
        (Some(t), _) => Some(t),
        (None, Some(f)) => Some(read_text(&f)?),
        (None, None) => None,
    };
    Ok(RecAnswer {
        decision: args.decision,
        text: words.map(|w| paragraphs_from_text(&w)),
        lead_officer: args.lead,
        target: args.target,
    })
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
        Error::refused(
            Refusal::BadValue,
            format!(
                "{} is not UTF-8 text; save it as UTF-8 and try again.",
                path.display()
            ),
        )
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
                Error::refused(Refusal::BadValue, format!(
                    "KLOE_NOW is \"{s}\"; it must be a time such as 2019-03-18T09:00:00Z, or unset."
                ))
            }),
        _ => Ok(Clock::System),
    }
}
