//! 第一部分 to 第三部分 of the disclosure: every figure computed from the published tables
//! (so the text and the tables print the same numbers), the words chosen in code
//! (增加/减少/持平, shares), and the sentences laid out by the editable templates in
//! `templates/` (minijinja; no code runs in them).
//!
//! This file loads the templates, runs the sections and renders; each section of the template
//! has its own function in `sections` (a sentence of 七 is `sections::sangong`).
//!
//! What no table holds comes from the profile and the prior-year figures. A missing required
//! input is a finding (DOC-…) and its place in the text reads 【待填写：…】, so that a draft
//! (`build --draft`) can be reviewed before the facts are in.

mod sections;

use std::path::{Path, PathBuf};

use minijinja::Environment;
use rust_decimal::Decimal;

use self::sections::{amount, fiscal_expenditure, gap, line, Document, Sources};
use super::wording::Change;
use super::{Kind, Publication};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::model::{Col, Summary, TableId};
use crate::profile::{Prior, Profile};
use crate::render::doc::Block;

const DOCUMENT_TEMPLATE: &str = include_str!("../../../templates/document.md.j2");
const GLOSSARY: &str = include_str!("../../../templates/glossary.toml");

/// The wording templates: the built-in ones, or a directory with `document.md.j2` and
/// `glossary.toml` (either may be missing there and falls back).
#[derive(Debug, Clone)]
pub struct Templates {
    pub document: String,
    pub glossary: String,
    pub source: PathBuf,
}

impl Templates {
    pub fn builtin() -> Templates {
        Templates {
            document: DOCUMENT_TEMPLATE.into(),
            glossary: GLOSSARY.into(),
            source: "templates".into(),
        }
    }

    /// # Errors
    /// `NotFound` for a missing directory, `Io` for unreadable files.
    pub fn load(dir: &Path) -> Result<Templates> {
        if !dir.is_dir() {
            return Err(Error::NotFound {
                path: dir.to_path_buf(),
            });
        }
        let read = |name: &str, builtin: &str| -> Result<String> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(builtin.to_string()),
                Err(e) => Err(Error::Io { path, source: e }),
            }
        };
        Ok(Templates {
            document: read("document.md.j2", DOCUMENT_TEMPLATE)?,
            glossary: read("glossary.toml", GLOSSARY)?,
            source: dir.to_path_buf(),
        })
    }
}

/// What the explanation is made from.
pub struct Inputs<'a> {
    pub publication: &'a Publication,
    pub profile: Option<&'a Profile>,
    /// Where the profile came from (for messages).
    pub profile_path: Option<&'a Path>,
    /// Prior-year figures (from `--prior`'s workbook, else the profile).
    pub prior: Prior,
    pub templates: &'a Templates,
}

/// The explanation: its blocks, and what was missing.
pub struct Narrative {
    pub blocks: Vec<Block>,
    pub findings: Vec<Finding>,
}

/// Gathers values and records what is missing.
struct Gather<'a> {
    profile_path: Option<&'a Path>,
    findings: Vec<Finding>,
}

impl Gather<'_> {
    fn missing(&mut self, rule: &'static str, what: &str, key: &str) -> String {
        let file = self
            .profile_path
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "部门资料文件（--profile）".into());
        self.findings.push(Finding::new(
            rule,
            Severity::Error,
            format!("缺少{what}：请在 {file} 中填写 {key}"),
        ));
        gap(what)
    }

    /// ，主要原因：… when the figure changed; nothing when it did not.
    fn reason(
        &mut self,
        change: &Change,
        reason: Option<&String>,
        what: &str,
        key: &str,
    ) -> String {
        if change.is_same() {
            return String::new();
        }
        match reason.map(|r| r.trim()).filter(|r| !r.is_empty()) {
            Some(r) => format!(
                "，主要原因：{}",
                r.trim_end_matches(['。', '；', ';', '，'])
            ),
            None => format!(
                "，主要原因：{}",
                self.missing(
                    "DOC-004",
                    &format!("{what}增减变化的原因"),
                    &format!("[reasons] {key}")
                )
            ),
        }
    }

    /// The change of a figure against the prior year, or a gap when the prior figure is unknown.
    fn change(
        &mut self,
        current: Decimal,
        prior: Option<Decimal>,
        what: &str,
        key: &str,
    ) -> (Change, String) {
        match prior {
            Some(p) => {
                let c = Change::between(current, p);
                let text = c.phrase();
                (c, text)
            }
            None => {
                let gap = self.missing(
                    "DOC-003",
                    &format!("上年{what}预算数"),
                    &format!("[prior] {key}（或用 --prior 指定上年导出表）"),
                );
                (
                    Change::Up {
                        amount: Decimal::ZERO,
                        percent: Decimal::ZERO,
                    },
                    gap,
                )
            }
        }
    }
}

/// Writes the explanation: each section's variables (`sections`, in the document's order),
/// then the template.
///
/// # Errors
/// `Usage` when a template does not parse or render (its file and the template error).
pub fn compose(input: &Inputs, catalog: &crate::catalog::Catalog) -> Result<Narrative> {
    let p = input.publication;
    let mut g = Gather {
        profile_path: input.profile_path,
        findings: Vec::new(),
    };
    let profile = input.profile.cloned().unwrap_or_default();
    if input.profile.is_none() {
        g.findings.push(Finding::new(
            "DOC-001",
            Severity::Error,
            "没有部门资料文件：主要职责、预算单位构成、增减原因、政府采购、国有资产等无从填写。用 yusuan init 生成后填写，并用 --profile 指定",
        ));
    }
    let prior_year = input.prior.year.unwrap_or(p.year - 1);
    let s = Sources {
        p,
        prior: &input.prior,
        prior_year,
        profile: &profile,
        catalog,
    };
    let document = Document {
        dept: p.department.clone(),
        year: p.year,
        prior_year,
        about: sections::about(&mut g, &profile),
        totals: sections::totals(&mut g, &s),
        income: sections::income(&s),
        expenditure: sections::expenditure(&s),
        fiscal: sections::fiscal(&mut g, &s),
        general_budget: sections::general_budget(&s),
        general_basic: sections::general_basic(&s),
        sangong: sections::sangong(&mut g, &s),
        gov_fund: sections::gov_fund(&s),
        agency_upkeep: sections::agency_upkeep(&s),
        procurement: sections::procurement(&mut g, &profile),
        performance_targets: sections::performance_targets(&s),
        assets: sections::assets(&mut g, &profile),
        transfers: sections::transfers(&mut g, &profile),
        glossary: sections::glossary(input.templates)?,
    };
    let text = render(input.templates, &document)?;
    Ok(Narrative {
        blocks: blocks_from(&text),
        findings: g.findings,
    })
}

/// The document template filled with the sections' variables.
///
/// # Errors
/// `Usage` when the template does not parse or render.
fn render(templates: &Templates, document: &Document) -> Result<String> {
    let mut env = Environment::new();
    let template_error = |e: minijinja::Error| {
        Error::Usage(format!(
            "{}/document.md.j2: 模板错误：{e:#}",
            templates.source.display()
        ))
    };
    env.add_template("document", &templates.document)
        .map_err(template_error)?;
    env.get_template("document")
        .and_then(|t| t.render(minijinja::value::Serde(document)))
        .map_err(template_error)
}

/// The template's lines to blocks (see the marks at the top of `document.md.j2`).
pub fn blocks_from(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if let Some(x) = l.strip_prefix("@title ") {
                Block::Title(x.trim().into())
            } else if let Some(x) = l.strip_prefix("@subtitle ") {
                Block::Subtitle(x.trim().into())
            } else if let Some(x) = l.strip_prefix("#### ") {
                Block::Heading3(x.trim().into())
            } else if let Some(x) = l.strip_prefix("### ") {
                Block::Heading2(x.trim().into())
            } else if let Some(x) = l.strip_prefix("## ") {
                Block::Heading1(x.trim().into())
            } else if let Some(x) = l.strip_prefix("# ") {
                Block::Part(x.trim().into())
            } else {
                Block::Paragraph(l.into())
            }
        })
        .collect()
}

/// Plain text of the blocks, one per line (for the golden test and the lint).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        let (mark, text) = match b {
            Block::Title(t) => ("@title ", t),
            Block::Subtitle(t) => ("@subtitle ", t),
            Block::Part(t) => ("# ", t),
            Block::Heading1(t) => ("## ", t),
            Block::Heading2(t) => ("### ", t),
            Block::Heading3(t) => ("#### ", t),
            Block::Paragraph(t) => ("", t),
            Block::Gap(t) => ("【待填写】", t),
        };
        out.push_str(mark);
        out.push_str(text);
        out.push('\n');
    }
    out
}

/// Prior-year figures from last year's export (read by the same reader and published the same
/// way, so they are the figures that year printed).
pub fn prior_from(p: &Publication) -> Prior {
    let w = |d: Decimal| Some(crate::profile::Wan(d));
    let t = |id| p.tables.get(&id);
    let s08 = |c| amount(t(TableId::T08), &Kind::Total, c);
    Prior {
        year: Some(p.year),
        income_total: w(line(t(TableId::T01), Summary::IncomeTotal)),
        expenditure_total: w(line(t(TableId::T01), Summary::ExpenditureTotal)),
        general_budget: w(fiscal_expenditure(t(TableId::T04), Col::GeneralBudget)),
        gov_fund: w(fiscal_expenditure(t(TableId::T04), Col::GovFund)),
        sangong_total: t(TableId::T08).and(w(s08(Col::Total))),
        abroad: t(TableId::T08).and(w(s08(Col::Abroad))),
        reception: t(TableId::T08).and(w(s08(Col::Reception))),
        vehicle_purchase: t(TableId::T08).and(w(s08(Col::VehiclePurchase))),
        vehicle_operation: t(TableId::T08).and(w(s08(Col::VehicleOperation))),
    }
}
