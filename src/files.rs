//! Every file the workbook reads or writes for the officer goes through
//! here: reads are of regular files only, bounded, so a device, a pipe or
//! an endless input is refused at the limit instead of filling memory;
//! writes are whole (a temporary file renamed into place) and never onto
//! the workbook, its journal files or its backups folder.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Refusal, Result};

/// A file the desktop may hand the app to open, by what its name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A partner pack (`.kloepack`): opens in partner mode.
    Pack,
    /// A partner's response (`.kloeresponse`): opens in the import preview.
    Response,
    /// A workbook (`.kloe`): opens as the workbook.
    Workbook,
}

impl FileKind {
    /// The extensions the app registers, with the kind of each.
    pub const EXTENSIONS: [(&'static str, FileKind); 3] = [
        ("kloepack", FileKind::Pack),
        ("kloeresponse", FileKind::Response),
        ("kloe", FileKind::Workbook),
    ];

    /// What `path` is by its extension (any case), if the app opens it.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?;
        Self::EXTENSIONS
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|(_, kind)| *kind)
    }
}

/// A file the app was asked to open, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct OpenFile {
    pub kind: FileKind,
    pub path: String,
}

impl OpenFile {
    /// The first of `args` the app opens, made absolute against `cwd`.
    pub fn first_of(args: impl IntoIterator<Item = PathBuf>, cwd: &Path) -> Option<OpenFile> {
        args.into_iter().find_map(|p| {
            let kind = FileKind::of(&p)?;
            let path = if p.is_absolute() { p } else { cwd.join(p) };
            Some(OpenFile {
                kind,
                path: path.display().to_string(),
            })
        })
    }
}

/// The most a `--text-file` (or standard input) may hold.
pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;

/// "20 MB", for messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1024 * 1024))
}

/// Reads the whole of `path`, which must be a regular file of at most
/// `limit` bytes; `what` names it in messages ("The document").
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    read_bounded(file, limit, path, what)
}

/// Standard input, read to its end through the same bound.
pub fn read_stdin_limited(limit: u64, what: &str) -> Result<Vec<u8>> {
    read_bounded(std::io::stdin().lock(), limit, Path::new("-"), what)
}

/// Opens `path` for reading only if it is a regular file: a folder, a
/// device (`/dev/zero`), a pipe or a socket is refused before it is read,
/// and a pipe is never waited on.
pub fn open_regular(path: &Path) -> Result<std::fs::File> {
    let meta = std::fs::metadata(path).map_err(|source| read_error(path, source))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a pipe after the check above, the open still does not wait.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|source| read_error(path, source))?;
    let meta = file.metadata().map_err(|source| read_error(path, source))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    Ok(file)
}

/// Reads an opened file (from [`open_regular`]) to its end, refusing it
/// once it passes `limit` bytes, whatever its size said.
pub fn read_bounded(reader: impl Read, limit: u64, path: &Path, what: &str) -> Result<Vec<u8>> {
    let mut data = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|source| read_error(path, source))?;
    if data.len() as u64 > limit {
        let shown = if path == Path::new("-") {
            "What came in on standard input".to_string()
        } else {
            format!("{what} ({})", path.display())
        };
        return Err(Error::refused(
            Refusal::TooLarge,
            format!(
                "{shown} is larger than {}, the most it may be; it was not read. Nothing was changed.",
                megabytes(limit)
            ),
        ));
    }
    Ok(data)
}

fn read_error(path: &Path, source: std::io::Error) -> Error {
    match source.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!(
            "There is no file at {}; check the name and the folder.",
            path.display()
        )),
        std::io::ErrorKind::PermissionDenied => Error::refused(
            Refusal::PermissionDenied,
            format!(
                "{} cannot be read: permission denied. Choose a file you can open.",
                path.display()
            ),
        ),
        _ => Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        },
    }
}

fn not_regular(path: &Path, meta: &std::fs::Metadata) -> Error {
    let kind = if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    };
    Error::refused(
        Refusal::NotAFile,
        format!(
            "{} is {kind}, not a file, so it was not read; choose a file.",
            path.display()
        ),
    )
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "not a regular file"
}

/// `<dir>/<name> backups/` for a workbook `<dir>/<name>.kloe`.
pub fn backup_dir_for(workbook: &Path) -> PathBuf {
    let stem = workbook
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    workbook.with_file_name(format!("{stem} backups"))
}

/// Refuses an output path that is the workbook at `workbook`, one of its
/// journal files (`-wal`, `-shm`, `-journal`), or anything in its backups
/// folder: by the same canonical path, or the same file on disk.
pub fn check_output(target: &Path, workbook: Option<&Path>) -> Result<()> {
    let Some(workbook) = workbook else {
        return Ok(());
    };
    let name = workbook.file_name().unwrap_or_default().to_string_lossy();
    let target_canon = canonical(target);
    let backups = backup_dir_for(workbook);
    if let (Some(dir), Some(t)) = (canonical(&backups), target_canon.as_ref())
        && t.starts_with(&dir)
    {
        return Err(Error::refused(
            Refusal::OntoWorkbook,
            format!(
                "{} is in the workbook's backups folder, which holds only its automatic backups; nothing was written. Choose another folder.",
                target.display()
            ),
        ));
    }
    for (suffix, what) in [
        ("", "the workbook itself"),
        ("-wal", "the workbook's write-ahead log"),
        ("-shm", "the workbook's shared-memory file"),
        ("-journal", "the workbook's journal"),
    ] {
        let guarded = workbook.with_file_name(format!("{name}{suffix}"));
        let same_path = target_canon.is_some() && target_canon == canonical(&guarded);
        if same_path || same_file(target, &guarded) {
            return Err(Error::refused(
                Refusal::OntoWorkbook,
                format!(
                    "{} is {what}; writing there would destroy the workbook, so nothing was written. Choose another file name.",
                    target.display()
                ),
            ));
        }
    }
    Ok(())
}

/// The canonical form of `path`, which need not exist: its folder made
/// canonical, joined with its name.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// The folder a new file at `path` goes in, refused when `path` is a folder
/// itself or its folder does not exist.
pub fn folder_for(path: &Path) -> Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(Error::refused(
            Refusal::NotAFile,
            format!(
                "{} is a folder; give a file name to save to.",
                path.display()
            ),
        ));
    }
    if !dir.is_dir() {
        return Err(Error::refused(
            Refusal::NoSuchFolder,
            format!(
                "The folder {} does not exist; choose an existing folder.",
                dir.display()
            ),
        ));
    }
    Ok(dir)
}

/// Writes `bytes` to `path` all at once (a temporary file in the same
/// folder, synced to disk, then renamed over the target), after refusing
/// a path onto the workbook at `workbook`. The new file gets the
/// permissions any new file gets (the user's umask).
pub fn save(path: &Path, bytes: &[u8], workbook: Option<&Path>) -> Result<()> {
    check_output(path, workbook)?;
    let dir = folder_for(path)?;
    let failed = |action: &'static str, source: std::io::Error, target: &Path| match source.kind() {
        std::io::ErrorKind::PermissionDenied => Error::refused(
            Refusal::PermissionDenied,
            format!(
                "Cannot save to {}: permission denied. Choose a folder you can save to, or close the file if another program has it open.",
                target.display()
            ),
        ),
        std::io::ErrorKind::StorageFull => Error::refused(
            Refusal::NoSpace,
            format!(
                "There is no space left on the drive to save {}; nothing was written. Free some space and try again.",
                target.display()
            ),
        ),
        _ => Error::Io {
            action,
            path: target.to_path_buf(),
            source,
        },
    };
    // A new file with a name no one else uses, removed again if anything
    // fails; created as any new file is, so the umask decides who may read it.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kloe-export-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| failed("save to", e, &dir))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| failed("save to", e, path))?;
    tmp.persist(path)
        .map_err(|e| failed("replace", e.error, path))?;
    // Make the rename itself durable: on Unix by syncing the folder (which
    // only Unix lets a program open).
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What a file is chosen for in the app's dialogs (the screens name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Import,
    Export,
    Template,
    Calendar,
    /// Saving a partner pack, or a Word form (format docx) for a partner.
    Pack,
    /// Opening a pack a council sent (partner mode).
    OpenPack,
    /// Saving a partner's response file for the council.
    Response,
    /// Choosing a partner's response file, or a filled-in Word form.
    PartnerResponse,
    /// Saving a copy of the workbook.
    Backup,
    /// Choosing a backup to restore.
    OpenBackup,
}

impl Purpose {
    /// The file an unattended run (a test, a measurement) chooses instead
    /// of the officer: `KLOE_CHOOSE_IMPORT`, `KLOE_CHOOSE_PACK`,
    /// `KLOE_CHOOSE_RESPONSE`, `KLOE_CHOOSE_TEMPLATE` or
    /// `KLOE_CHOOSE_BACKUP` name the file to open, and
    /// `KLOE_CHOOSE_EXPORT_DIR` the folder a file is saved in under
    /// `suggested_name`. `None` when the variable is not set.
    pub fn unattended(self, suggested_name: &str) -> Option<PathBuf> {
        let var = match self {
            Purpose::Import => "KLOE_CHOOSE_IMPORT",
            Purpose::OpenPack => "KLOE_CHOOSE_PACK",
            Purpose::PartnerResponse => "KLOE_CHOOSE_RESPONSE",
            Purpose::Template => "KLOE_CHOOSE_TEMPLATE",
            Purpose::OpenBackup => "KLOE_CHOOSE_BACKUP",
            Purpose::Export
            | Purpose::Calendar
            | Purpose::Pack
            | Purpose::Response
            | Purpose::Backup => {
                let dir = std::env::var_os("KLOE_CHOOSE_EXPORT_DIR")?;
                return Some(PathBuf::from(dir).join(suggested_name));
            }
        };
        std::env::var_os(var).map(PathBuf::from)
    }
}
