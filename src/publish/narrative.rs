//! 第一部分 to 第三部分 of the disclosure: every figure computed here from the published
//! tables (so the text and the tables print the same numbers), the words chosen here
//! (增加/减少/持平, shares), and the sentences laid out by the editable templates in
//! `templates/` (minijinja; no code runs in them).
//!
//! What no table holds comes from the profile and the prior-year figures. A missing required
//! input is a finding (DOC-…) and its place in the text reads 【待填写：…】, so that a draft
//! (`build --draft`) can be reviewed before the facts are in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::{context, Environment, Value};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::wording::{percent, shares, wan, Change};
use super::{Kind, PubTable, Publication};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::model::{Col, RowKey, Summary, TableId};
use crate::profile::{Prior, Profile};
use crate::render::doc::Block;

const DOCUMENT_TEMPLATE: &str = include_str!("../../templates/document.md.j2");
const GLOSSARY: &str = include_str!("../../templates/glossary.toml");

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

#[derive(Debug, Deserialize)]
struct Glossary {
    terms: Vec<Term>,
}

#[derive(Debug, Deserialize)]
struct Term {
    term: String,
    text: String,
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
        format!("【待填写：{what}】")
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

fn amount(t: Option<&PubTable>, kind: &Kind, col: Col) -> Decimal {
    t.and_then(|t| t.rows.iter().chain(&t.left).find(|r| &r.kind == kind))
        .map(|r| r.get(col))
        .unwrap_or_default()
}

fn line(t: Option<&PubTable>, s: Summary) -> Decimal {
    amount(t, &Kind::Line(RowKey::Summary(s)), Col::Total)
}

/// Amounts by function class (类) of one fund, as 04 prints them on its class lines (one figure
/// per class, over all units: 05 and 09 print a class row per unit), with their shares.
fn classes(t04: Option<&PubTable>, col: Col, catalog: &crate::catalog::Catalog) -> Vec<Value> {
    let Some(t) = t04 else { return Vec::new() };
    let mut by: BTreeMap<String, Decimal> = BTreeMap::new();
    for r in &t.rows {
        if let Kind::Line(RowKey::Function { code, .. }) = &r.kind {
            if code.as_str().len() == 3 && !r.get(col).is_zero() {
                *by.entry(code.as_str().to_string()).or_default() += r.get(col);
            }
        }
    }
    let amounts: Vec<Decimal> = by.values().copied().collect();
    let s = shares(&amounts);
    by.iter()
        .zip(s)
        .map(|((code, a), share)| {
            let name = crate::model::FunctionCode::parse(code)
                .and_then(|c| catalog.function_name(&c).map(str::to_string))
                .unwrap_or_default();
            let name = name
                .strip_suffix("支出")
                .map(str::to_string)
                .unwrap_or(name);
            context! { name => name, amount => wan(*a), share => percent(share) }
        })
        .collect()
}

/// Names of the economic lines of 06 that carry an amount in `col`: "基本工资、津贴补贴等".
fn items(t: Option<&PubTable>, col: Col) -> String {
    let Some(t) = t else { return String::new() };
    let names: Vec<String> = t
        .rows
        .iter()
        .filter(|r| {
            matches!(&r.kind, Kind::Economic { dept, .. } if !dept.is_class())
                && !r.get(col).is_zero()
        })
        .map(|r| r.label.clone())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("{}等", names.join("、"))
    }
}

/// Writes the explanation.
///
/// # Errors
/// `Usage` when a template does not parse or render (its file and the template error).
pub fn compose(input: &Inputs, catalog: &crate::catalog::Catalog) -> Result<Narrative> {
    let p = input.publication;
    let t = |id| p.tables.get(&id);
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
    let dept = p.department.clone();
    let prior = &input.prior;
    let prior_year = prior.year.unwrap_or(p.year - 1);
    let pv = |v: Option<crate::profile::Wan>| v.map(|w| w.0);
    let reasons = &profile.reasons;

    // 第一部分
    let duties = match profile.duties.clone().filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => vec![g.missing("DOC-002", "主要职责", "duties")],
    };
    let composition = match profile.composition.clone().filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => vec![g.missing("DOC-002", "所属预算单位构成", "composition")],
    };

    // 一、收入支出总体 (01)
    let t01 = t(TableId::T01);
    let income_total = line(t01, Summary::IncomeTotal);
    let expenditure_total = line(t01, Summary::ExpenditureTotal);
    let (ic, income_change) = g.change(
        income_total,
        pv(prior.income_total),
        "收入总计",
        "income_total",
    );
    let income_reason = g.reason(&ic, reasons.income.as_ref(), "收入", "income");
    let (ec, expenditure_change) = g.change(
        expenditure_total,
        pv(prior.expenditure_total),
        "支出总计",
        "expenditure_total",
    );
    let expenditure_reason = g.reason(&ec, reasons.expenditure.as_ref(), "支出", "expenditure");

    // 二、收入 (01's income lines)
    let source_rows: Vec<(String, Decimal)> = t01
        .map(|t| {
            t.left
                .iter()
                .filter(|r| matches!(&r.kind, Kind::Line(RowKey::Income { carry: false, source }) if *source != Col::GeneralAppropriation))
                .filter(|r| !r.get(Col::Total).is_zero())
                .map(|r| (source_label(&r.kind), r.get(Col::Total)))
                .collect()
        })
        .unwrap_or_default();
    let source_shares = shares(&source_rows.iter().map(|(_, a)| *a).collect::<Vec<_>>());
    let sources: Vec<Value> = source_rows
        .iter()
        .zip(source_shares)
        .map(|((label, a), s)| context! { label => label, amount => wan(*a), share => percent(s) })
        .collect();
    let carry_in = line(t01, Summary::CarryIn);

    // 三、支出 (03)
    let total03 = |c| amount(t(TableId::T03), &Kind::Total, c);
    let (basic, project) = (total03(Col::Basic), total03(Col::Project));
    let split = shares(&[basic, project]);

    // 四、财政拨款 (04's 支出合计 row)
    let t04 = t(TableId::T04);
    let fiscal = |c| {
        amount(
            t04,
            &Kind::Line(RowKey::Summary(Summary::ExpenditureTotal)),
            c,
        )
    };
    let (fiscal_general, fiscal_fund, fiscal_capital) = (
        fiscal(Col::GeneralBudget),
        fiscal(Col::GovFund),
        fiscal(Col::StateCapital),
    );
    let (gc, general_change) = g.change(
        fiscal_general,
        pv(prior.general_budget),
        "一般公共预算收支",
        "general_budget",
    );
    let general_reason = g.reason(
        &gc,
        reasons.general_budget.as_ref(),
        "一般公共预算收支",
        "general_budget",
    );
    let (fc, fund_change) = g.change(
        fiscal_fund,
        pv(prior.gov_fund),
        "政府性基金收支",
        "gov_fund",
    );
    let fund_reason = g.reason(&fc, reasons.gov_fund.as_ref(), "政府性基金收支", "gov_fund");

    // 五、一般公共预算 (05)
    let t05 = t(TableId::T05);
    let total05 = |c| amount(t05, &Kind::Total, c);
    let general_split = shares(&[total05(Col::Basic), total05(Col::Project)]);

    // 六、基本支出: 人员经费 / 公用经费 (06, else 05's columns)
    let t06 = t(TableId::T06);
    let (personnel, public_use) = match t06 {
        Some(_) => (
            amount(t06, &Kind::Total, Col::Personnel),
            amount(t06, &Kind::Total, Col::PublicUse),
        ),
        None => (
            total05(Col::WagesBenefits) + total05(Col::HouseholdTransfers),
            total05(Col::GoodsServices) + total05(Col::Capital),
        ),
    };
    let basic_split = shares(&[personnel, public_use]);

    // 七、“三公” (08)
    let t08 = t(TableId::T08);
    let s08 = |c| amount(t08, &Kind::Total, c);
    let sangong_sentence = |g: &mut Gather,
                            current: Decimal,
                            prior: Option<Decimal>,
                            what: &str,
                            key: &str,
                            reason: Option<&String>|
     -> (String, String) {
        let (c, text) = g.change(current, prior, what, key);
        let text = match &c {
            Change::Same => "与上年持平".to_string(),
            _ if prior.is_some() => format!("比{prior_year}年{text}"),
            _ => text,
        };
        let r = g.reason(&c, reason, what, key);
        (text, r)
    };
    let (sangong_change, sangong_reason) = sangong_sentence(
        &mut g,
        s08(Col::Total),
        pv(prior.sangong_total),
        "“三公”经费",
        "sangong_total",
        reasons.sangong.as_ref(),
    );
    let (abroad_change, abroad_reason) = sangong_sentence(
        &mut g,
        s08(Col::Abroad),
        pv(prior.abroad),
        "因公出国（境）费",
        "abroad",
        reasons.abroad.as_ref(),
    );
    let (reception_change, reception_reason) = sangong_sentence(
        &mut g,
        s08(Col::Reception),
        pv(prior.reception),
        "公务接待费",
        "reception",
        reasons.reception.as_ref(),
    );
    let (vp_change, vp_reason) = sangong_sentence(
        &mut g,
        s08(Col::VehiclePurchase),
        pv(prior.vehicle_purchase),
        "公务用车购置费",
        "vehicle_purchase",
        reasons.vehicle_purchase.as_ref(),
    );
    let (vo_change, vo_reason) = sangong_sentence(
        &mut g,
        s08(Col::VehicleOperation),
        pv(prior.vehicle_operation),
        "公务用车运行维护费",
        "vehicle_operation",
        reasons.vehicle_operation.as_ref(),
    );
    let vehicle = if s08(Col::Vehicle).is_zero() {
        s08(Col::VehiclePurchase) + s08(Col::VehicleOperation)
    } else {
        s08(Col::Vehicle)
    };

    // 八、政府性基金 (09)
    let t09 = t(TableId::T09);
    let fund_total = amount(t09, &Kind::Total, Col::Total);

    // 九、其他重要事项
    let operating = profile
        .operating_funds
        .map(|w| w.0)
        .unwrap_or_else(|| total05(Col::GoodsServices));
    let procurement = match &profile.procurement {
        Some(pr) => Some((pr.goods.0, pr.works.0, pr.services.0)),
        None => {
            g.missing("DOC-002", "政府采购预算", "[procurement]");
            None
        }
    };
    let t12 = t(TableId::T12);
    let targets = t12.map(|t| t.targets.len()).unwrap_or(0);
    let targets_amount: Decimal = t12
        .map(|t| {
            t.targets
                .iter()
                .map(|x| x.values.get(&Col::Total).copied().unwrap_or_default())
                .sum()
        })
        .unwrap_or_default();
    let assets = profile.assets.clone();
    if assets.is_none() {
        g.missing("DOC-002", "国有资产占用情况", "[assets]");
    }
    let transfer = profile.transfer.clone();
    if transfer.is_none() {
        g.missing("DOC-002", "专项转移支付项目情况", "[transfer]");
    }
    let gap = |what: &str| format!("【待填写：{what}】");
    let a = assets.clone().unwrap_or_default();
    let assets_known = assets.is_some();
    let count = |n: u32| {
        if assets_known {
            n.to_string()
        } else {
            gap("数量")
        }
    };

    let glossary: Glossary = toml::from_str(&input.templates.glossary).map_err(|e| {
        Error::Usage(format!(
            "{}/glossary.toml: 名词解释文件格式错误：{e}",
            input.templates.source.display()
        ))
    })?;
    let glossary: Vec<Value> = glossary
        .terms
        .iter()
        .enumerate()
        .map(|(i, term)| context! { number => super::chinese_number(i as u32 + 1), term => term.term.clone(), text => term.text.clone() })
        .collect();

    let ctx = context! {
        dept => dept, year => p.year, prior_year => prior_year,
        duties => duties, composition => composition,
        income_total => wan(income_total), expenditure_total => wan(expenditure_total),
        income_change => income_change, income_reason => income_reason,
        expenditure_change => expenditure_change, expenditure_reason => expenditure_reason,
        income_current => wan(line(t01, Summary::CurrentIncome)), sources => sources,
        carry_in => (!carry_in.is_zero()).then(|| wan(carry_in)),
        expenditure_current => wan(total03(Col::Total)),
        basic => wan(basic), basic_share => split.first().map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        project => wan(project), project_share => split.get(1).map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        fiscal_total => wan(fiscal(Col::Total)), fiscal_general => wan(fiscal_general), fiscal_fund => wan(fiscal_fund),
        fiscal_capital => (!fiscal_capital.is_zero()).then(|| wan(fiscal_capital)),
        general_change => general_change, general_reason => general_reason,
        fund_change => fund_change, fund_reason => fund_reason,
        general_total => wan(total05(Col::Total)),
        general_basic => wan(total05(Col::Basic)), general_basic_share => general_split.first().map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        general_project => wan(total05(Col::Project)), general_project_share => general_split.get(1).map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        classes => classes(t(TableId::T04), Col::GeneralBudget, catalog),
        personnel => wan(personnel), personnel_share => basic_split.first().map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        public_use => wan(public_use), public_use_share => basic_split.get(1).map(|s| percent(*s)).unwrap_or_else(|| percent(Decimal::ZERO)),
        personnel_items => items(t06, Col::Personnel), public_items => items(t06, Col::PublicUse),
        sangong => wan(s08(Col::Total)), sangong_change => sangong_change, sangong_reason => sangong_reason,
        abroad => wan(s08(Col::Abroad)), abroad_change => abroad_change, abroad_reason => abroad_reason,
        reception => wan(s08(Col::Reception)), reception_change => reception_change, reception_reason => reception_reason,
        vehicle => wan(vehicle), vehicle_purchase => wan(s08(Col::VehiclePurchase)), vehicle_operation => wan(s08(Col::VehicleOperation)),
        vehicle_purchase_change => vp_change, vehicle_purchase_reason => vp_reason,
        vehicle_operation_change => vo_change, vehicle_operation_reason => vo_reason,
        fund_total => (!fund_total.is_zero()).then(|| wan(fund_total)), fund_classes => classes(t(TableId::T04), Col::GovFund, catalog),
        operating => wan(operating),
        procurement_total => procurement.map(|(a, b, c)| wan(a + b + c)).unwrap_or_else(|| gap("政府采购预算")),
        procurement_goods => procurement.map(|x| wan(x.0)).unwrap_or_else(|| gap("货物")),
        procurement_works => procurement.map(|x| wan(x.1)).unwrap_or_else(|| gap("工程")),
        procurement_services => procurement.map(|x| wan(x.2)).unwrap_or_else(|| gap("服务")),
        targets => targets, targets_amount => wan(targets_amount),
        assets_as_of => if assets_known { a.as_of.clone() } else { gap("截止日期") },
        vehicles => if assets_known { (a.general_vehicles + a.law_enforcement_vehicles + a.special_vehicles + a.other_vehicles).to_string() } else { gap("数量") },
        general_vehicles => count(a.general_vehicles), law_enforcement_vehicles => count(a.law_enforcement_vehicles),
        special_vehicles => count(a.special_vehicles), other_vehicles => count(a.other_vehicles),
        general_equipment => count(a.general_equipment_over_50), special_equipment => count(a.special_equipment_over_100),
        // A draft without the profile's list reads 【待填写】 for the count too, not 共有1项.
        transfer_count => transfer.as_ref().map(|t| t.projects.len().to_string()).unwrap_or_else(|| gap("项目数")),
        transfers => transfer.map(|t| t.projects).unwrap_or_else(|| vec![gap("专项转移支付项目")]),
        glossary => glossary,
    };
    let mut env = Environment::new();
    let template_error = |e: minijinja::Error| {
        Error::Usage(format!(
            "{}/document.md.j2: 模板错误：{e:#}",
            input.templates.source.display()
        ))
    };
    env.add_template("document", &input.templates.document)
        .map_err(template_error)?;
    let text = env
        .get_template("document")
        .and_then(|t| t.render(ctx))
        .map_err(template_error)?;
    Ok(Narrative {
        blocks: blocks_from(&text),
        findings: g.findings,
    })
}

fn source_label(kind: &Kind) -> String {
    let Kind::Line(RowKey::Income { source, .. }) = kind else {
        return String::new();
    };
    match source {
        Col::GeneralBudget => "一般公共预算",
        Col::GovFund => "政府性基金预算",
        Col::StateCapital => "国有资本经营预算",
        Col::FiscalSpecial => "财政专户管理资金",
        Col::Business => "事业收入",
        Col::BusinessOperating => "事业单位经营收入",
        Col::UpperSubsidy => "上级补助收入",
        Col::AffiliatedRemit => "附属单位上缴收入",
        Col::OtherIncome => "其他收入",
        other => other.label(),
    }
    .to_string()
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
        general_budget: w(amount(
            t(TableId::T04),
            &Kind::Line(RowKey::Summary(Summary::ExpenditureTotal)),
            Col::GeneralBudget,
        )),
        gov_fund: w(amount(
            t(TableId::T04),
            &Kind::Line(RowKey::Summary(Summary::ExpenditureTotal)),
            Col::GovFund,
        )),
        sangong_total: t(TableId::T08).and(w(s08(Col::Total))),
        abroad: t(TableId::T08).and(w(s08(Col::Abroad))),
        reception: t(TableId::T08).and(w(s08(Col::Reception))),
        vehicle_purchase: t(TableId::T08).and(w(s08(Col::VehiclePurchase))),
        vehicle_operation: t(TableId::T08).and(w(s08(Col::VehicleOperation))),
    }
}
