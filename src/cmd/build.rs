//! `yusuan build`: check, then write the 预算表 workbook (and, later, the document). Refuses
//! when the data has errors unless `--force`. Files are written to a temporary file in the
//! output directory and renamed into place, so a failure never leaves a partial file.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::ExcelDateTime;

use super::check::{check_workbook, findings_text};
use crate::catalog::Catalog;
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::finding::{count, Severity};
use crate::money::exact;
use crate::publish::{self, Publication};
use crate::render::{safe_file_name, xlsx};
use crate::validate::Settings;

/// Settings of `build`.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub workbook: PathBuf,
    pub out: PathBuf,
    /// Write even when the check finds errors.
    pub force: bool,
    pub settings: Settings,
}

/// Runs `build`.
///
/// # Errors
/// The reader's errors; `Io` when the output directory cannot be created or written.
pub fn run(cfg: &BuildConfig, catalog: &Catalog) -> Result<Outcome> {
    let (budget, findings) = check_workbook(&cfg.workbook, catalog, &cfg.settings)?;
    let errors = count(&findings, Severity::Error);
    let mut err = std::io::stderr().lock();
    if !findings.is_empty() {
        let _ = err.write_all(findings_text(&cfg.workbook, &findings, false).as_bytes());
    }
    if errors > 0 && !cfg.force {
        let _ = writeln!(err, "数据有 {errors} 个错误，未生成文件。请改正后重试，或用 --force 强制生成（不建议用于公开）。");
        return Ok(Outcome::DataErrors);
    }
    let publication = publish::prepare(&budget, catalog);
    let year = publication.year;
    let (bytes, _layouts) = xlsx::render(&publication, creation_time(year))
        .map_err(|e| Error::Usage(format!("生成工作簿失败 (xlsx): {e}")))?;
    std::fs::create_dir_all(&cfg.out).map_err(|e| Error::Io {
        path: cfg.out.clone(),
        source: e,
    })?;
    let name = format!(
        "{}{}年部门预算表.xlsx",
        safe_file_name(&publication.department),
        year
    );
    let path = cfg.out.join(name);
    write_atomically(&path, &bytes)?;
    let _ = err.write_all(report(&publication, &path, &budget.missing()).as_bytes());
    Ok(if errors > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// The creation time written into the files: SOURCE_DATE_EPOCH when set (reproducible
/// builds), else 1 January of the budget year, so the same input gives the same bytes.
fn creation_time(year: i32) -> ExcelDateTime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| ExcelDateTime::from_timestamp(t).ok());
    from_env
        .or_else(|| {
            ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(2000).max(1900), 1, 1).ok()
        })
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date"))
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
pub fn report(p: &Publication, path: &Path, missing: &[crate::model::TableId]) -> String {
    let mut out = format!("已生成 {}（{} 张表）\n", path.display(), p.tables.len());
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
            "  {id}：找不到各数都相符的舍入，按四舍五入公开并加注“{}”\n",
            publish::ROUNDING_NOTE
        ));
    }
    for (id, note) in &p.notes_added {
        out.push_str(&format!("  {id}：无数据，已加注“{note}”\n"));
    }
    out
}
