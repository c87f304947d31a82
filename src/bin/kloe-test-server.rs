//! The screens' commands over HTTP on localhost, for the browser tests: the
//! page built for them calls `POST /invoke/<command>` with the arguments
//! the desktop shell would receive, and this answers from a real workbook
//! through the same use cases. It also serves the built page. Built only
//! with the `test-server` feature; never shipped.
//!
//! `kloe-test-server --db WORKBOOK --root DIST` prints the address it
//! listens on, then serves until it is killed. Files are "chosen" as the
//! desktop app chooses them in unattended runs (`Purpose::unattended`);
//! with none named, the choice is cancelled.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use kloe::doc::{PartnerDraft, ReviewDraft};
use kloe::files::Purpose;
use kloe::formats::export::ExportOptions;
use kloe::formats::import::ImportOptions;
use kloe::formats::pack::{ReturnedFile, Sending};
use kloe::model::{AssignmentId, PartnerId, RecResponseId, SignOff};
use kloe::store::backup::backups_of;
use kloe::store::{NewQuestion, NewSection, NextYear, QuestionPatch, ReviewPatch, SectionPatch};
use kloe::text::Paragraph;
use kloe::workbook::packs::merge::{Choice, Choices};
use kloe::{Error, Refusal, Result, Workbook};

/// The largest request body read: a response of a few paragraphs is far less.
const MAX_BODY: usize = 16 * 1024 * 1024;

struct Server {
    workbook: Workbook,
    path: PathBuf,
    root: PathBuf,
    /// Files written through the page, the only ones it may "open".
    written: Vec<PathBuf>,
}

fn main() -> std::process::ExitCode {
    let mut db = None;
    let mut root = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--root" => root = args.next().map(PathBuf::from),
            other => {
                eprintln!("kloe-test-server: unknown argument {other}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let (Some(path), Some(root)) = (db, root) else {
        eprintln!("kloe-test-server: give --db WORKBOOK and --root DIST");
        return std::process::ExitCode::from(2);
    };
    match serve(path, root) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kloe-test-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn serve(path: PathBuf, root: PathBuf) -> Result<()> {
    let io = |source| Error::Io {
        action: "listen on",
        path: "127.0.0.1".into(),
        source,
    };
    let listener = TcpListener::bind("127.0.0.1:0").map_err(io)?;
    let mut server = Server {
        workbook: Workbook::open(&path)?,
        path,
        root,
        written: Vec::new(),
    };
    println!("http://{}/", listener.local_addr().map_err(io)?);
    std::io::stdout().flush().map_err(io)?;
    for stream in listener.incoming().flatten() {
        // One request at a time, as the shell takes the workbook's lock.
        let _ = server.answer(stream);
    }
    Ok(())
}

impl Server {
    fn answer(&mut self, mut stream: TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        if length > MAX_BODY {
            return respond(&mut stream, "413 Too Large", "text/plain", b"too large");
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        if method == "POST"
            && let Some(command) = target.strip_prefix("/invoke/")
        {
            let args: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let answer = match self.invoke(command, &args) {
                Ok(value) => json!({ "ok": value }),
                Err(e) => json!({ "err": e }),
            };
            let bytes = serde_json::to_vec(&answer).unwrap_or_default();
            return respond(&mut stream, "200 OK", "application/json", &bytes);
        }
        self.file(&mut stream, target)
    }

    /// A file of the built page.
    fn file(&self, stream: &mut TcpStream, target: &str) -> std::io::Result<()> {
        let path = target.split('?').next().unwrap_or("/");
        let relative = path.trim_start_matches('/');
        if relative.split('/').any(|p| p == "..") {
            return respond(stream, "404 Not Found", "text/plain", b"not found");
        }
        let file = if relative.is_empty() {
            self.root.join("index.html")
        } else {
            self.root.join(relative)
        };
        let kind = match file.extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html",
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            Some("json") => "application/json",
            Some("svg") => "image/svg+xml",
            _ => "application/octet-stream",
        };
        match std::fs::read(&file) {
            Ok(bytes) => respond(stream, "200 OK", kind, &bytes),
            Err(_) => respond(stream, "404 Not Found", "text/plain", b"not found"),
        }
    }

    fn author(&mut self) -> Result<String> {
        let given = std::env::var("KLOE_AUTHOR").ok();
        self.workbook.author(given.as_deref())
    }

    /// Remembers a file written for the page, and refuses to "open" others.
    fn exported(&self, path: &str) -> Result<()> {
        if self.written.iter().any(|p| p == Path::new(path)) {
            Ok(())
        } else {
            Err(Error::refused(
                Refusal::NotExported,
                "Only a document exported in this window can be opened from here; open it from your file manager instead.",
            ))
        }
    }

    /// Each command as the desktop shell runs it.
    fn invoke(&mut self, command: &str, a: &Value) -> Result<Value> {
        let today = chrono::Local::now().date_naive();
        let wb = &mut self.workbook;
        match command {
            "open_workbook" => out(wb.opening()),
            "list_reviews" => out(wb.reviews()),
            "load_review" => out(wb.load(arg(a, "review")?)),
            "new_review" => {
                let draft = ReviewDraft {
                    title: arg(a, "title")?,
                    meeting_date: arg(a, "meetingDate")?,
                    ..ReviewDraft::default()
                };
                let author = self.author()?;
                out(self
                    .workbook
                    .new_review(draft, arg(a, "reusePartners")?, &author))
            }
            "start_next_year" => {
                let opts = NextYear::new(arg(a, "title")?, arg(a, "meetingDate")?);
                out(wb.start_next_year(arg(a, "review")?, &opts))
            }
            "delete_review" => out(wb.delete_review(arg(a, "review")?)),
            "update_review" => {
                let patch = ReviewPatch::details(
                    arg(a, "title")?,
                    arg(a, "meetingDate")?,
                    arg(a, "committee")?,
                );
                out(wb.update_review(arg(a, "review")?, &patch))
            }
            "tracker" => out(wb.tracker(arg(a, "review")?, today)),
            "progress_history" => out(wb.progress_history(arg(a, "review")?)),
            "propose_due_dates" => {
                out(wb.propose_due_dates(arg(a, "review")?, arg(a, "clearDays")?))
            }
            "set_due_dates" => {
                let dates: Vec<(AssignmentId, Option<NaiveDate>)> = arg(a, "dates")?;
                out(wb.set_due_dates(&dates))
            }
            "get_settings" => out(wb.settings()),
            "save_settings" => {
                wb.save_settings(&arg(a, "settings")?)?;
                out(wb.settings())
            }
            "save_response" => {
                let author = self.author()?;
                let paragraphs: Vec<Paragraph> = arg(a, "paragraphs")?;
                out(self
                    .workbook
                    .save_response(arg(a, "assignment")?, &paragraphs, &author))
            }
            "set_status" => {
                let author = self.author()?;
                out(self
                    .workbook
                    .set_status(arg(a, "assignment")?, arg(a, "status")?, &author))
            }
            "history" => out(wb.history(arg(a, "assignment")?)),
            "recommendations" => out(wb.recommendations(arg(a, "review")?)),
            "rec_history" => out(wb.rec_progress_history(arg(a, "review")?)),
            "add_recommendation" => {
                out(wb.add_recommendation(arg(a, "review")?, &arg(a, "input")?))
            }
            "address_recommendation" => {
                let owed: Vec<Vec<PartnerId>> = arg(a, "owed")?;
                out(wb.address_recommendation(arg(a, "recommendation")?, &owed))
            }
            "respond_to_recommendation" => {
                let author = self.author()?;
                out(self.workbook.respond_to_recommendation(
                    arg(a, "recommendation")?,
                    arg(a, "partner")?,
                    &arg(a, "answer")?,
                    arg(a, "status")?,
                    &author,
                ))
            }
            "set_recommendation_status" => {
                let author = self.author()?;
                out(self.workbook.set_recommendation_status(
                    arg(a, "recommendation")?,
                    arg(a, "partner")?,
                    arg(a, "status")?,
                    &author,
                ))
            }
            "add_progress" => {
                let author = self.author()?;
                let text: String = arg(a, "text")?;
                out(self.workbook.add_progress(
                    arg(a, "recommendation")?,
                    arg(a, "date")?,
                    arg(a, "progress")?,
                    &text,
                    &author,
                ))
            }
            "delete_recommendation" => out(wb.delete_recommendation(arg(a, "recommendation")?)),
            "edit_recommendation" => out(wb.revise_recommendation(
                arg(a, "recommendation")?,
                &kloe::store::RecPatch::whole(
                    arg(a, "reference")?,
                    arg(a, "text")?,
                    arg(a, "agreed")?,
                    arg(a, "due")?,
                ),
                &arg::<Vec<Vec<PartnerId>>>(a, "more")?,
            )),
            "move_recommendation" => {
                out(wb.move_recommendation(arg(a, "recommendation")?, arg(a, "to")?))
            }
            "restore_revision" => {
                let author = self.author()?;
                out(self.workbook.restore_revision(
                    arg(a, "assignment")?,
                    arg(a, "revision")?,
                    &author,
                ))
            }
            "assign" => {
                let partners: Vec<_> = arg(a, "partners")?;
                let label: Option<String> = arg(a, "label")?;
                out(wb.assign(
                    arg(a, "question")?,
                    &partners,
                    arg(a, "joint")?,
                    label.as_deref(),
                    arg(a, "due")?,
                ))
            }
            "unassign" => out(wb.unassign(arg(a, "assignment")?, arg(a, "discardResponse")?)),
            "set_due" => out(wb.set_due(arg(a, "assignment")?, arg(a, "due")?)),
            "add_partner" => {
                let partner: PartnerDraft = arg(a, "partner")?;
                out(wb.add_partner(arg(a, "review")?, &partner))
            }
            "update_partner" => {
                let details: PartnerDraft = arg(a, "details")?;
                out(wb.update_partner(arg(a, "partner")?, &details.into()))
            }
            "delete_partner" => out(wb.delete_partner(arg(a, "partner")?)),
            "add_section" => {
                let new = NewSection {
                    title: arg(a, "title")?,
                    ..NewSection::default()
                };
                out(wb.add_section(arg(a, "review")?, &new))
            }
            "rename_section" => {
                let patch = SectionPatch {
                    title: Some(arg(a, "title")?),
                    ..SectionPatch::default()
                };
                out(wb.update_section(arg(a, "section")?, &patch))
            }
            "delete_section" => out(wb.delete_section(arg(a, "section")?, true)),
            "add_question" => {
                let new = NewQuestion {
                    text: arg(a, "text")?,
                    position: arg(a, "position")?,
                    ..NewQuestion::default()
                };
                out(wb.add_question(arg(a, "section")?, &new))
            }
            "update_question" => {
                let patch = QuestionPatch {
                    text: arg(a, "text")?,
                    context: arg(a, "context")?,
                    notes: arg(a, "notes")?,
                };
                out(wb.update_question(arg(a, "question")?, &patch))
            }
            "delete_question" => out(wb.delete_question(arg(a, "question")?)),
            "move_question" => {
                out(wb.move_question_to_number(arg(a, "question")?, arg(a, "number")?))
            }
            "move_question_to_section" => {
                out(wb.move_question(arg(a, "question")?, arg(a, "section")?, arg(a, "position")?))
            }
            "chase" => {
                let author = self.author()?;
                out(self
                    .workbook
                    .chase(arg(a, "review")?, arg(a, "partner")?, today, &author))
            }
            "open_chase_mail" => {
                let author = self.author()?;
                // No mail program here: the e-mail is made, as the app makes it.
                self.workbook
                    .chase(arg(a, "review")?, arg(a, "partner")?, today, &author)?;
                out(Ok(()))
            }
            "save_reminder" => {
                let calendar = wb.reminder_ics(arg(a, "review")?, arg(a, "partner")?, today)?;
                let path = PathBuf::from(arg::<String>(a, "path")?);
                kloe::files::save(&path, calendar.as_bytes(), wb.path())?;
                self.written.push(path);
                out(Ok(()))
            }
            "choose_file" => {
                let purpose: Purpose = arg(a, "purpose")?;
                let name = arg::<Option<String>>(a, "suggestedName")?;
                let chosen = purpose.unattended(name.as_deref().unwrap_or("review"));
                out(Ok(chosen.map(|p| p.display().to_string())))
            }
            "import_preview" => {
                let path = PathBuf::from(arg::<String>(a, "path")?);
                let opts = ImportOptions {
                    answered_by: arg(a, "answeredBy")?,
                    ..ImportOptions::default()
                };
                out(wb.import_preview(&path, &opts))
            }
            "import_file" => {
                let author = self.author()?;
                let opts = ImportOptions {
                    approved: arg(a, "approved")?,
                    into: None,
                    answered_by: arg(a, "answeredBy")?,
                };
                let path = PathBuf::from(arg::<String>(a, "path")?);
                out(self
                    .workbook
                    .import(&path, &opts, &author)
                    .map(|(id, _)| id))
            }
            "export_review" => {
                let options: ExportOptions = arg(a, "options")?;
                let template: Option<String> = arg(a, "template")?;
                let path = PathBuf::from(arg::<String>(a, "path")?);
                wb.export(
                    arg(a, "review")?,
                    &options,
                    template.as_deref().map(Path::new),
                    &path,
                )?;
                self.written.push(path);
                out(Ok(()))
            }
            "preview_export" => {
                let options: ExportOptions = arg(a, "options")?;
                out(wb.preview_html(arg(a, "review")?, &options))
            }
            "open_exported" | "show_exported" => {
                self.exported(&arg::<String>(a, "path")?)?;
                out(Ok(()))
            }
            "send_pack" => {
                let author = self.author()?;
                let sending = if arg(a, "word")? {
                    Sending::Form
                } else {
                    Sending::Pack
                };
                let path = PathBuf::from(arg::<String>(a, "path")?);
                self.workbook.send_pack_to(
                    arg(a, "review")?,
                    arg(a, "partner")?,
                    sending,
                    &path,
                    &author,
                )?;
                self.written.push(path);
                out(Ok(()))
            }
            "open_pack" => {
                let author = self.author()?;
                let bytes = read(&arg::<String>(a, "path")?)?;
                out(self.workbook.open_pack(&bytes, &author))
            }
            "set_signoff" => {
                let signoff = arg::<Option<SignOff>>(a, "signoff")?
                    .map(|s| SignOff::new(&s.name, &s.role, s.date))
                    .transpose()?;
                out(wb.set_signoff(arg(a, "review")?, signoff.as_ref()))
            }
            "return_pack" => {
                let path = PathBuf::from(arg::<String>(a, "path")?);
                let returned = wb.return_pack_to(arg(a, "review")?, &path)?;
                self.written.push(path);
                out(Ok(returned))
            }
            "plan_merge" => {
                let file = ReturnedFile::read(&read(&arg::<String>(a, "path")?)?)?
                    .allowing_older(arg(a, "allowOlder")?);
                out(wb.plan_merge(&file))
            }
            "merge_response" => {
                let author = self.author()?;
                let file = ReturnedFile::read(&read(&arg::<String>(a, "path")?)?)?
                    .allowing_older(arg(a, "allowOlder")?);
                let choices: Vec<(AssignmentId, Choice)> = arg(a, "choices")?;
                let rec_choices: Option<Vec<(RecResponseId, Choice)>> = arg(a, "recChoices")?;
                let choices = Choices {
                    answers: choices.into_iter().collect(),
                    recommendations: rec_choices.unwrap_or_default().into_iter().collect(),
                };
                out(self.workbook.merge_response(&file, &choices, &author))
            }
            "launch_file" => out(Ok(None::<String>)),
            // Only the desktop is handed workbook files to switch to.
            "switch_workbook" => Err(Error::refused(
                Refusal::NothingToDo,
                "No other workbook was asked for, so this one stays open.",
            )),
            "startup_problem" => out(Ok(None::<()>)),
            "recover" => Err(Error::refused(
                Refusal::NothingToDo,
                "This workbook opened well; there is nothing to recover.",
            )),
            "list_backups" => out(backups_of(&self.path)),
            "restore_backup" => {
                wb.restore_backup(Path::new(&arg::<String>(a, "backup")?))?;
                out(wb.opening())
            }
            "backup_now" => {
                let path = PathBuf::from(arg::<String>(a, "path")?);
                wb.backup_to(&path)?;
                self.written.push(path);
                out(Ok(()))
            }
            other => Err(Error::NotFound(format!("There is no command {other}."))),
        }
    }
}

/// An argument as the page passes it (absent is `null`).
fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T> {
    let value = args.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| {
        Error::refused(
            Refusal::Usage,
            format!("The argument {name} is not understood: {e}"),
        )
    })
}

fn out<T: Serialize>(r: Result<T>) -> Result<Value> {
    r.and_then(|v| {
        serde_json::to_value(v)
            .map_err(|e| Error::refused(Refusal::Internal, format!("Not sent: {e}")))
    })
}

fn read(path: &str) -> Result<Vec<u8>> {
    kloe::files::read_limited(
        Path::new(path),
        kloe::formats::pack::MAX_PACK_BYTES,
        "The file",
    )
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}
