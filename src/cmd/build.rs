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
use crate::profile::Profile;
use crate::publish::narrative::{self, Narrative, Templates};
use crate::publish::{self, wording, Publication};
use crate::render::doc::Document;
use crate::render::{docx, safe_file_name, xlsx};
use crate::validate::Settings;

/// Settings of `build`.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub workbook: PathBuf,
    pub out: PathBuf,
    /// Write even when the check finds errors in the tables.
    pub force: bool,
    /// Write the document even when profile inputs are missing, marking each gap.
    pub draft: bool,
    pub settings: Settings,
    pub doc: DocInputs,
}

/// Where the explanation's inputs come from.
#[derive(Debug, Clone, Default)]
pub struct DocInputs {
    pub profile: Option<PathBuf>,
    /// Last year's export, for the prior-year figures.
    pub prior: Option<PathBuf>,
    /// A directory of wording templates replacing the built-in ones.
    pub templates: Option<PathBuf>,
}

/// Loads the profile, the prior-year figures and the templates, and writes the explanation.
/// The profile's department name, where it gives one, becomes the publication's.
///
/// # Errors
/// Errors reading the profile, the prior workbook or the templates.
pub fn explain(
    publication: &mut Publication,
    inputs: &DocInputs,
    catalog: &Catalog,
) -> Result<Narrative> {
    let profile = inputs.profile.as_deref().map(Profile::load).transpose()?;
    // One name from one source everywhere: the profile's, where it gives one.
    if let Some(name) = profile
        .as_ref()
        .and_then(|p| p.name.as_deref())
        .filter(|n| !n.trim().is_empty())
    {
        publication.department = name.trim().to_string();
    }
    let prior = match &inputs.prior {
        Some(path) => {
            let outcome = crate::read::read_budget(path, catalog)?;
            narrative::prior_from(&publish::prepare(&outcome.budget, catalog))
        }
        None => profile
            .as_ref()
            .and_then(|p| p.prior.clone())
            .unwrap_or_default(),
    };
    let templates = match &inputs.templates {
        Some(dir) => Templates::load(dir)?,
        None => Templates::builtin(),
    };
    let input = narrative::Inputs {
        publication,
        profile: profile.as_ref(),
        profile_path: inputs.profile.as_deref(),
        prior,
        templates: &templates,
    };
    narrative::compose(&input, catalog)
}

/// Runs `build`.
///
/// # Errors
/// The reader's errors; profile, prior and template errors; `Io` when the output directory
/// cannot be created or written.
pub fn run(cfg: &BuildConfig, catalog: &Catalog) -> Result<Outcome> {
    let (budget, mut findings) = check_workbook(&cfg.workbook, catalog, &cfg.settings)?;
    let mut publication = publish::prepare_with(&budget, catalog, &cfg.settings);
    let story = explain(&mut publication, &cfg.doc, catalog)?;
    let table_errors = count(&findings, Severity::Error);
    let doc_errors = count(&story.findings, Severity::Error);
    findings.extend(story.findings.iter().cloned());
    super::check::sort_findings(&mut findings);
    let mut err = std::io::stderr().lock();
    if !findings.is_empty() {
        let _ = err.write_all(findings_text(&cfg.workbook, &findings, false).as_bytes());
    }
    if table_errors > 0 && !cfg.force {
        let _ = writeln!(err, "数据有 {table_errors} 个错误，未生成文件。请改正后重试，或用 --force 强制生成（不建议用于公开）。");
        return Ok(Outcome::DataErrors);
    }
    if doc_errors > 0 && !cfg.draft {
        let _ = writeln!(err, "部门资料缺 {doc_errors} 项，未生成文件。请补充后重试，或用 --draft 生成标有【待填写】的草稿。");
        return Ok(Outcome::DataErrors);
    }
    let text = narrative::plain_text(&story.blocks);
    let residue = wording::lint(&text);
    if !residue.is_empty() {
        return Err(Error::Usage(format!(
            "内部错误：生成的文字含有不应出现的内容 {residue:?}，请报告此问题"
        )));
    }
    let year = publication.year;
    let (bytes, layouts) = xlsx::render(&publication, creation_time(year))
        .map_err(|e| Error::Usage(format!("生成工作簿失败 (xlsx): {e}")))?;
    let document = Document {
        title: format!("{}{}年部门预算公开", publication.department, year),
        year,
        blocks: story.blocks,
        attachment_title: vec![
            publication.department.clone(),
            format!("{year}年部门预算表"),
        ],
        tables: layouts,
    };
    let docx = docx::render(&document, &creation_rfc3339(year))
        .map_err(|e| Error::Usage(format!("生成文档失败 (docx): {e}")))?;
    std::fs::create_dir_all(&cfg.out).map_err(|e| Error::Io {
        path: cfg.out.clone(),
        source: e,
    })?;
    let stem = format!(
        "{}{}年部门预算",
        safe_file_name(&publication.department),
        year
    );
    let book = cfg.out.join(format!("{stem}表.xlsx"));
    let doc = cfg.out.join(format!("{stem}公开.docx"));
    write_atomically(&book, &bytes)?;
    write_atomically(&doc, &docx)?;
    let _ = err.write_all(report(&publication, &[&book, &doc], &budget.missing()).as_bytes());
    Ok(if table_errors + doc_errors > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// The creation time as RFC 3339, for the document's properties (same rule as the workbook's).
fn creation_rfc3339(year: i32) -> String {
    match std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        Some(t) => rfc3339_from_epoch(t),
        None => format!("{:04}-01-01T00:00:00Z", year.clamp(1900, 9999)),
    }
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, proleptic Gregorian).
fn rfc3339_from_epoch(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_rfc3339() {
        assert_eq!(rfc3339_from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_epoch(1_704_067_200), "2024-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_epoch(1_709_208_000), "2024-02-29T12:00:00Z");
    }
}
