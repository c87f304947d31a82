//! Files in and out: no output path may be the workbook, its journal files
//! or its backups folder; exported files get the permissions any new file
//! gets; every read is of a regular file, bounded, standard input too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::WorkbookFile;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `cmd` to its end, failing the test if it is still waiting on its
/// input after a minute (an unbounded read of a pipe waits for ever).
fn finishes(mut cmd: Command) -> std::process::Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the command was still waiting after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// The command must fail with one line naming the mistake, the workbook
/// and its side files byte for byte as they were.
/// Refused with `code` (as scripts read it, `KLOE_ERRORS=json`), in one
/// line whose message says `expect`, and nothing changed.
fn refused(wb: &WorkbookFile, args: &[&str], code: &str, expect: &str) {
    let side = |suffix: &str| std::fs::read(format!("{}{suffix}", wb.path.display())).ok();
    let before = (wb.dump(), side(""), side("-wal"));
    let out = finishes({
        let mut c = crate::support::kloe_cmd(&wb.path);
        c.args(args).env("KLOE_ERRORS", "json");
        c
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "kloe {args:?} should have been refused"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    let line: serde_json::Value = serde_json::from_str(err.trim_end()).unwrap();
    assert_eq!(line["code"], code, "kloe {args:?}: {err}");
    assert!(
        line["message"].as_str().unwrap().contains(expect),
        "kloe {args:?}: {err}"
    );
    assert_eq!(wb.dump(), before.0, "kloe {args:?} changed the workbook");
    assert_eq!(
        side(""),
        before.1,
        "kloe {args:?} wrote over the workbook file"
    );
    assert_eq!(side("-wal"), before.2, "kloe {args:?} wrote into the log");
}

#[test]
fn no_output_path_can_be_the_workbook_its_journal_or_its_backups() {
    let wb = WorkbookFile::new();
    let review = wb.sample();
    wb.ok(&["assign", &review, "1", "Police", "--due", "2026-03-01"]);
    wb.ok(&[
        "appendix",
        "add",
        &review,
        "Appendix 1",
        "--file",
        s(&wb.path),
    ]);
    // A backup, so the backups folder exists.
    let policy = wb.dir().join("policy.txt");
    std::fs::write(&policy, "1. Question one?\nBDC Response\nYes.\n").unwrap();
    wb.ok(&["import", s(&policy)]);
    let backups = kloe::files::backup_dir_for(&wb.path);
    assert!(backups.is_dir());

    let name = wb.path.file_name().unwrap().to_str().unwrap().to_string();
    let link = wb.dir().join("hard-link.kloe");
    std::fs::hard_link(&wb.path, &link).unwrap();
    let symlink = wb.dir().join("symlink.kloepack");
    std::os::unix::fs::symlink(&wb.path, &symlink).unwrap();
    let via_dots = wb.dir().join(".").join(&name);
    let targets: Vec<(PathBuf, &str)> = vec![
        (wb.path.clone(), "is the workbook itself"),
        (via_dots, "is the workbook itself"),
        (wb.dir().join(format!("{name}-wal")), "write-ahead log"),
        (wb.dir().join(format!("{name}-shm")), "shared-memory file"),
        (wb.dir().join(format!("{name}-journal")), "journal"),
        (link, "is the workbook itself"),
        (symlink, "is the workbook itself"),
        (backups.join("mine.kloe"), "backups folder"),
    ];
    for (target, expect) in &targets {
        let t = s(target);
        for args in [
            vec!["pack", "export", &review, "Police", "-o", t],
            vec!["export", &review, "--format", "docx", "-o", t],
            vec!["export", &review, "--format", "md", "-o", t],
            vec!["backup", "-o", t],
            vec!["appendix", "save", &review, "Appendix 1", "-o", t],
            vec!["chase", &review, "Police", "--ics", t],
        ] {
            refused(&wb, &args, "onto_workbook", expect);
        }
    }
    // The Word form too, and nothing recorded as sent.
    let form = wb.dir().join(format!("{name}-wal"));
    refused(
        &wb,
        &["pack", "export", &review, "PCC", "-o", s(&form)],
        "onto_workbook",
        "write-ahead log",
    );
    let sent: i64 = rusqlite::Connection::open(&wb.path)
        .unwrap()
        .query_row("SELECT count(*) FROM packs_sent", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, 0, "a refused pack is not recorded as sent");

    // The partner side: a response written over the partner's own workbook.
    let pack = wb.dir().join("police.kloepack");
    wb.ok(&["pack", "export", &review, "Police", "-o", s(&pack)]);
    let partner = WorkbookFile::new();
    partner.ok(&["pack", "answer", s(&pack), "9", "--text", "Nine."]);
    refused(
        &partner,
        &["pack", "return", s(&pack), "-o", s(&partner.path)],
        "onto_workbook",
        "is the workbook itself",
    );
}

#[test]
fn an_exported_file_gets_the_permissions_of_a_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let wb = WorkbookFile::new();
    let review = wb.sample();
    // What a new file gets here, under this process's umask.
    wb.ok(&["assign", &review, "1", "Police", "--due", "2026-03-01"]);
    let probe = wb.dir().join("probe");
    std::fs::write(&probe, b"").unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for (args, file) in [
        (vec!["export", &review, "--format", "docx"], "review.docx"),
        (vec!["pack", "export", &review, "Police"], "police.kloepack"),
        (vec!["chase", &review, "Police", "--ics"], "police.ics"),
    ] {
        let out = wb.dir().join(file);
        let mut args = args.clone();
        args.push(if file.ends_with(".ics") {
            s(&out)
        } else {
            "-o"
        });
        if !file.ends_with(".ics") {
            args.push(s(&out));
        }
        wb.ok(&args);
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, expected,
            "{file}: {mode:o}, a new file gets {expected:o}"
        );
    }
}

#[test]
fn a_device_a_pipe_a_folder_or_an_endless_input_is_refused_at_once() {
    let wb = WorkbookFile::new();
    let review = wb.sample();
    let fifo = wb.dir().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let folder = wb.dir().to_path_buf();
    for (file, expect) in [
        (Path::new("/dev/zero"), "is a device, not a file"),
        (fifo.as_path(), "is a pipe, not a file"),
        (folder.as_path(), "is a folder, not a file"),
    ] {
        let f = s(file);
        for args in [
            vec!["import", f],
            vec!["import", f, "--dry-run"],
            vec!["appendix", "add", &review, "Appendix 9", "--file", f],
            vec!["pack", "import", f],
            vec!["pack", "open", f],
            vec!["respond", &review, "9", "Police", "--text-file", f],
            vec![
                "export",
                &review,
                "--format",
                "docx",
                "--template",
                f,
                "-o",
                "x.docx",
            ],
        ] {
            refused(&wb, &args, "not_a_file", expect);
        }
        refused(&wb, &["restore", f], "not_a_file", "not a file");
    }

    // Standard input without end is cut off at the limit.
    let before = wb.dump();
    let mut cmd = crate::support::kloe_cmd(&wb.path);
    cmd.args(["respond", &review, "9", "Police", "--text-file", "-"])
        .stdin(Stdio::from(std::fs::File::open("/dev/zero").unwrap()));
    let out = finishes(cmd);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("What came in on standard input is larger than 20 MB"),
        "{err}"
    );
    assert_eq!(wb.dump(), before);
}
