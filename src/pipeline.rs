//! The work of `check` and `build` as one library call (issue 11): a workbook's bytes, with the
//! profile, the prior year's export, the wording templates and the catalogue, go in; the
//! findings, the publication and the bytes of both files come out. Nothing here touches the
//! file system or prints: `yusuan check`, `yusuan build`, the batch and any later front end
//! call it, and decide what to show and where to write.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::ExcelDateTime;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::finding::{count, Finding, Severity};
use crate::model::Budget;
use crate::profile::Profile;
use crate::publish::narrative::{self, Narrative, Templates};
use crate::publish::{self, wording, Publication};
use crate::read;
use crate::render::doc::{Block, Document};
use crate::render::{docx, safe_file_name, xlsx};
use crate::validate::{self, Settings};

/// A workbook in memory. `path` only names it in messages and findings.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// What the explanation is written from, besides the tables.
#[derive(Debug, Clone)]
pub struct DocSources {
    /// The department profile and the file it came from (named in DOC findings).
    pub profile: Option<(PathBuf, Profile)>,
    /// Last year's export, for the prior-year figures (else the profile's `[prior]`).
    pub prior: Option<Workbook>,
    pub templates: Templates,
}

impl Default for DocSources {
    fn default() -> Self {
        DocSources {
            profile: None,
            prior: None,
            templates: Templates::builtin(),
        }
    }
}

impl DocSources {
    /// Whether anything beyond the tables was given (then `check` also checks the document's
    /// inputs).
    pub fn given(&self) -> bool {
        self.profile.is_some() || self.prior.is_some()
    }
}

/// A checked workbook: the model and every finding, in reading order.
#[derive(Debug, Clone)]
pub struct Checked {
    pub budget: Budget,
    pub findings: Vec<Finding>,
}

/// Reads the workbook and runs every rule; the reader's findings come first.
///
/// # Errors
/// The reader's errors (see `read::read_budget`).
pub fn check(book: &Workbook, catalog: &Catalog, settings: &Settings) -> Result<Checked> {
    let outcome = read::read_budget_bytes(&book.path, book.bytes.clone(), catalog)?;
    let mut findings = outcome.findings;
    findings.extend(validate::validate(&outcome.budget, catalog, settings));
    sort_findings(&mut findings);
    Ok(Checked {
        budget: outcome.budget,
        findings,
    })
}

/// `check` with the document's inputs too: the DOC findings of what the explanation lacks.
///
/// # Errors
/// The reader's errors, and those of the prior-year workbook.
pub fn check_all(
    book: &Workbook,
    doc: &DocSources,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<Checked> {
    let mut checked = check(book, catalog, settings)?;
    add_doc_findings(&mut checked, doc, catalog, settings)?;
    Ok(checked)
}

/// Adds to a checked workbook the DOC findings of what the explanation lacks, where the
/// document's inputs were given.
///
/// # Errors
/// Errors reading the prior-year workbook.
pub fn add_doc_findings(
    checked: &mut Checked,
    doc: &DocSources,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<()> {
    if doc.given() {
        let mut publication = publish::prepare_with(&checked.budget, catalog, settings);
        let story = explain(&mut publication, doc, catalog)?;
        checked.findings.extend(story.findings);
        sort_findings(&mut checked.findings);
    }
    Ok(())
}

/// Findings in reading order: workbook-wide first, then by table, row and column.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.table,
                f.cell.as_ref().map(|c| (c.row, c.col)),
                f.rule,
                f.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Writes the explanation. The profile's department name, where it gives one, becomes the
/// publication's.
///
/// # Errors
/// Errors reading the prior-year workbook; template errors.
pub fn explain(
    publication: &mut Publication,
    doc: &DocSources,
    catalog: &Catalog,
) -> Result<Narrative> {
    let profile = doc.profile.as_ref().map(|(_, p)| p);
    // One name from one source everywhere: the profile's, where it gives one.
    if let Some(name) = profile
        .and_then(|p| p.name.as_deref())
        .filter(|n| !n.trim().is_empty())
    {
        publication.department = name.trim().to_string();
    }
    let prior = match &doc.prior {
        Some(book) => {
            let outcome = read::read_budget_bytes(&book.path, book.bytes.clone(), catalog)?;
            narrative::prior_from(&publish::prepare(&outcome.budget, catalog))
        }
        None => profile.and_then(|p| p.prior.clone()).unwrap_or_default(),
    };
    let input = narrative::Inputs {
        publication,
        profile,
        profile_path: doc.profile.as_ref().map(|(path, _)| path.as_path()),
        prior,
        templates: &doc.templates,
    };
    narrative::compose(&input, catalog)
}

/// How `build` treats findings.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub settings: Settings,
    /// Write even when the tables have errors (internal review only).
    pub force: bool,
    /// Write the document even when profile inputs are missing, marking each gap.
    pub draft: bool,
}

/// Why `build` wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The tables have this many errors (and no `force`).
    TableErrors(usize),
    /// The profile lacks this many inputs (and no `draft`).
    DocGaps(usize),
}

/// The two files of a department, in memory.
#[derive(Debug, Clone)]
pub struct Files {
    /// `<部门名称><年度>年部门预算`, safe as a file name.
    pub stem: String,
    pub workbook: Vec<u8>,
    pub document: Vec<u8>,
}

impl Files {
    pub fn workbook_name(&self) -> String {
        format!("{}表.xlsx", self.stem)
    }

    pub fn document_name(&self) -> String {
        format!("{}公开.docx", self.stem)
    }
}

/// What `build` made of one department.
#[derive(Debug, Clone)]
pub struct Built {
    pub budget: Budget,
    pub publication: Publication,
    /// Table and document findings, in reading order.
    pub findings: Vec<Finding>,
    pub table_errors: usize,
    pub doc_errors: usize,
    /// The explanation as written (with its gaps marked), whether or not files were made.
    pub explanation: Vec<Block>,
    /// The files, unless refused.
    pub files: std::result::Result<Files, Refusal>,
}

/// Checks, rounds, explains and renders one department.
///
/// # Errors
/// The reader's errors; prior-year and template errors; a rendering failure or wording that
/// must never be published (both are bugs, reported as `Error::Usage`).
pub fn build(
    book: &Workbook,
    doc: &DocSources,
    catalog: &Catalog,
    options: &BuildOptions,
) -> Result<Built> {
    build_checked(
        check(book, catalog, &options.settings)?,
        doc,
        catalog,
        options,
    )
}

/// `build` of a workbook already checked (with `options.settings`).
///
/// # Errors
/// As `build`, less the reader's.
pub fn build_checked(
    checked: Checked,
    doc: &DocSources,
    catalog: &Catalog,
    options: &BuildOptions,
) -> Result<Built> {
    let Checked {
        budget,
        mut findings,
    } = checked;
    let mut publication = publish::prepare_with(&budget, catalog, &options.settings);
    let story = explain(&mut publication, doc, catalog)?;
    let table_errors = count(&findings, Severity::Error);
    let doc_errors = count(&story.findings, Severity::Error);
    let explanation = story.blocks.clone();
    findings.extend(story.findings.iter().cloned());
    sort_findings(&mut findings);
    let refused = if table_errors > 0 && !options.force {
        Some(Refusal::TableErrors(table_errors))
    } else if doc_errors > 0 && !options.draft {
        Some(Refusal::DocGaps(doc_errors))
    } else {
        None
    };
    let files = match refused {
        Some(why) => Err(why),
        None => Ok(render(&publication, story)?),
    };
    Ok(Built {
        budget,
        publication,
        findings,
        table_errors,
        doc_errors,
        explanation,
        files,
    })
}

/// Both files of a publication and its explanation.
fn render(publication: &Publication, story: Narrative) -> Result<Files> {
    let text = narrative::plain_text(&story.blocks);
    let residue = wording::lint(&text);
    if !residue.is_empty() {
        return Err(Error::Usage(format!(
            "内部错误：生成的文字含有不应出现的内容 {residue:?}，请报告此问题"
        )));
    }
    let year = publication.year;
    let (workbook, layouts) = xlsx::render(publication, creation_time(year))
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
    let document = docx::render(&document, &creation_rfc3339(year))
        .map_err(|e| Error::Usage(format!("生成文档失败 (docx): {e}")))?;
    Ok(Files {
        stem: format!(
            "{}{}年部门预算",
            safe_file_name(&publication.department),
            year
        ),
        workbook,
        document,
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
pub fn creation_time(year: i32) -> ExcelDateTime {
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

/// Reads a file into a `Workbook`.
///
/// # Errors
/// `NotFound` / `Io`, and `TooLarge` past the reader's file limit (checked before reading).
pub fn load(path: &Path) -> Result<Workbook> {
    Ok(Workbook {
        path: path.to_path_buf(),
        bytes: read::read_file(path)?,
    })
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
