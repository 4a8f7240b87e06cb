//! `yusuan build`: check, then write the 预算表 workbook and the disclosure document
//! (`pipeline::build`). Refuses when the data has errors unless `--force`. Files are written
//! to a temporary file in the output directory and renamed into place, so a failure never
//! leaves a partial file. With `--pdf`, LibreOffice (`pdf`) also makes PDF copies of both; they
//! are made before anything is written, so a failed conversion writes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::{exact, findings_text};
use crate::catalog::Catalog;
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::pdf::{Converter, Pdfs};
use crate::pipeline::{self, BuildOptions, Refusal};
use crate::publish::{self, Publication};
use crate::validate::Settings;

pub use super::inputs::{explain, DocInputs};

/// Settings of `build`.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub workbook: PathBuf,
    pub out: PathBuf,
    /// Write even when the check finds errors in the tables.
    pub force: bool,
    /// Write the document even when profile inputs are missing, marking each gap.
    pub draft: bool,
    /// Also write both files as PDF (LibreOffice).
    pub pdf: bool,
    pub settings: Settings,
    pub doc: DocInputs,
}

/// Runs `build`.
///
/// # Errors
/// The reader's errors; profile, prior and template errors; `Io` when the output directory
/// cannot be created or written.
pub fn run(cfg: &BuildConfig, catalog: &Catalog) -> Result<Outcome> {
    // Without LibreOffice `--pdf` cannot be honoured: say so before any work.
    let converter = cfg.pdf.then(Converter::find).transpose()?;
    let book = pipeline::load(&cfg.workbook)?;
    let doc = cfg.doc.load()?;
    let options = BuildOptions {
        settings: cfg.settings.clone(),
        force: cfg.force,
        draft: cfg.draft,
    };
    let built = pipeline::build(&book, &doc, catalog, &options)?;
    let mut err = std::io::stderr().lock();
    if !built.findings.is_empty() {
        let _ = err.write_all(findings_text(&cfg.workbook, &built.findings, false).as_bytes());
    }
    let files = match built.files {
        Ok(files) => files,
        Err(Refusal::TableErrors(n)) => {
            let _ = writeln!(err, "数据有 {n} 个错误，未生成文件。请改正后重试，或用 --force 强制生成（不建议用于公开）。");
            return Ok(Outcome::DataErrors);
        }
        Err(Refusal::DocGaps(n)) => {
            let _ = writeln!(err, "部门资料缺 {n} 项，未生成文件。请补充后重试，或用 --draft 生成标有【待填写】的草稿。");
            return Ok(Outcome::DataErrors);
        }
    };
    let pdfs = match &converter {
        Some(c) => Some(Pdfs::of(c, &files)?),
        None => None,
    };
    let paths = write_outputs(&cfg.out, &files, pdfs.as_ref(), Writing::Atomic)?;
    let shown: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let _ = err.write_all(report(&built.publication, &shown, &built.budget.missing()).as_bytes());
    Ok(if built.table_errors + built.doc_errors > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// Writes both files into `dir` (created if missing), each atomically; returns their paths.
///
/// # Errors
/// `Io` naming the directory or the file.
pub fn write_files(dir: &Path, files: &pipeline::Files, how: Writing) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let book = dir.join(files.workbook_name());
    let doc = dir.join(files.document_name());
    how.write(&book, &files.workbook)?;
    how.write(&doc, &files.document)?;
    Ok(vec![book, doc])
}

/// How output files reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// Each file through a temporary file beside it, synced, then renamed into place: a
    /// reader never sees half a file, and an earlier file is replaced only by a whole one.
    Atomic,
    /// Written straight into a private staging folder that nobody reads; the caller syncs
    /// them all at once (`sync_all_under`) before moving them into place. The batch writes
    /// thousands of files, and a sync for each cost more than a department's build.
    Staged,
}

impl Writing {
    /// Writes `bytes` to `path` this way.
    ///
    /// # Errors
    /// `Io` naming the file.
    pub fn write(self, path: &Path, bytes: &[u8]) -> Result<()> {
        match self {
            Writing::Atomic => write_atomically(path, bytes),
            Writing::Staged => {
                let io = |e| Error::Io {
                    path: path.to_path_buf(),
                    source: e,
                };
                let mut file = std::fs::File::create(path).map_err(io)?;
                file.write_all(bytes).map_err(io)?;
                // An ordinary file, as `write_atomically` makes, whatever the umask.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(std::fs::Permissions::from_mode(0o644))
                        .map_err(io)?;
                }
                // Start writing it to the disk now, without waiting: the batch's one sync at
                // the end then waits only for the last files instead of all of them.
                #[cfg(target_os = "linux")]
                {
                    use std::os::fd::AsRawFd;
                    // SAFETY: `file` keeps the descriptor open for the call. A hint only:
                    // its failure changes nothing, as the sync at the end makes it durable.
                    unsafe {
                        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE)
                    };
                }
                Ok(())
            }
        }
    }
}

/// Makes every file written into the `folders` under `dir` durable: on Linux one `syncfs` of
/// their file system, elsewhere a sync of each file.
///
/// # Errors
/// `Io` naming the folder or the file.
pub fn sync_all_under(dir: &Path, folders: &[PathBuf]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| Error::Io { path, source: e }
    };
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = folders;
        let folder = std::fs::File::open(dir).map_err(io(dir))?;
        // SAFETY: syncfs takes an open descriptor, which `folder` keeps open for the call.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(io(dir)(std::io::Error::last_os_error()));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        for folder in folders {
            for entry in std::fs::read_dir(folder).map_err(io(folder))? {
                let f = entry.map_err(io(folder))?.path();
                std::fs::File::open(&f)
                    .and_then(|f| f.sync_all())
                    .map_err(io(&f))?;
            }
        }
        Ok(())
    }
}

/// Writes both files, and their PDF copies when given, into `dir`; returns their paths.
///
/// # Errors
/// `Io` naming the directory or the file.
pub fn write_outputs(
    dir: &Path,
    files: &pipeline::Files,
    pdfs: Option<&Pdfs>,
    how: Writing,
) -> Result<Vec<PathBuf>> {
    let mut paths = write_files(dir, files, how)?;
    if let Some(pdfs) = pdfs {
        for (name, bytes) in [
            (Pdfs::workbook_name(files), &pdfs.workbook),
            (Pdfs::document_name(files), &pdfs.document),
        ] {
            let path = dir.join(name);
            how.write(&path, bytes)?;
            paths.push(path);
        }
    }
    Ok(paths)
}

/// Writes to a temporary file beside `path`, then renames it into place.
///
/// # Errors
/// `Io` naming the file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".yusuan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // A temporary file is private (0600); the published file is an ordinary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The build report: what was written, what was moved by controlled rounding, what was added.
pub fn report(p: &Publication, paths: &[&Path], missing: &[crate::model::TableId]) -> String {
    let mut out = String::new();
    for path in paths {
        out.push_str(&format!("已生成 {}\n", path.display()));
    }
    for id in missing {
        out.push_str(&format!(
            "  未生成 {} {}：导出表中没有此表\n",
            id,
            id.title()
        ));
    }
    for m in &p.moved {
        out.push_str(&format!(
            "  尾差调整 {} {} {}：精确值 {}，四舍五入 {}，公开为 {}（使各合计与分项相符）\n",
            m.table,
            m.row,
            m.col.label(),
            exact(m.exact),
            exact(m.plain),
            exact(m.printed)
        ));
    }
    for id in &p.plain_rounded {
        out.push_str(&format!(
            "  {id}：找不到使各数都相符的舍入，已加注“{}”\n",
            publish::ROUNDING_NOTE
        ));
    }
    for what in &p.residuals {
        out.push_str(&format!("    公开数不能满足：{what}\n"));
    }
    for (id, note) in &p.notes_added {
        out.push_str(&format!("  {id}：无数据，已加注“{note}”\n"));
    }
    out
}
