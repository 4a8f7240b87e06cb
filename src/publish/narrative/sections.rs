//! One function per section of `templates/document.md.j2`, named after its heading: each
//! computes exactly the variables its paragraphs use, and nothing else. A clerk's "reword
//! section 七" is the template's `## 七、…` paragraph; "add a figure to 七" is `sangong` here.
//!
//! The variables keep the names the template has always used (a `--templates` directory of
//! the clerk's own still renders), so each section's struct lists its template variables, and
//! `Document` flattens them into the one context the template sees. Sections run in the
//! document's order, which is the order of their DOC findings.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::super::wording::{percent, shares, wan, Change};
use super::super::{chinese_number, Kind, PubTable, Publication};
use super::{Gather, Templates};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::model::{Col, FunctionCode, RowKey, Summary, TableId};
use crate::profile::{Assets, Prior, Profile, Reasons, Wan};

/// Where a gap in a draft reads 【待填写：…】.
pub(super) fn gap(what: &str) -> String {
    format!("【待填写：{what}】")
}

/// What every section reads: the published tables, last year's figures and the profile.
pub(super) struct Sources<'a> {
    pub p: &'a Publication,
    pub prior: &'a Prior,
    /// The year the comparisons are against (the prior export's, else the year before).
    pub prior_year: i32,
    pub profile: &'a Profile,
    pub catalog: &'a Catalog,
}

impl Sources<'_> {
    fn table(&self, id: TableId) -> Option<&PubTable> {
        self.p.tables.get(&id)
    }

    /// A figure of a table's 合计 row.
    fn total(&self, id: TableId, col: Col) -> Decimal {
        amount(self.table(id), &Kind::Total, col)
    }

    fn reasons(&self) -> &Reasons {
        &self.profile.reasons
    }
}

/// A prior-year figure of the profile, in 万元.
fn prior_wan(v: Option<Wan>) -> Option<Decimal> {
    v.map(|w| w.0)
}

/// A figure of the row of `kind` (0 when the table or the row is missing).
pub(super) fn amount(t: Option<&PubTable>, kind: &Kind, col: Col) -> Decimal {
    t.and_then(|t| t.rows.iter().chain(&t.left).find(|r| &r.kind == kind))
        .map(|r| r.get(col))
        .unwrap_or_default()
}

/// The 合计 figure of a summary line of 01/04.
pub(super) fn line(t: Option<&PubTable>, s: Summary) -> Decimal {
    amount(t, &Kind::Line(RowKey::Summary(s)), Col::Total)
}

/// The share at `i` of shares of one whole, as printed (0.00% when the whole is zero).
fn share_at(shares: &[Decimal], i: usize) -> String {
    shares
        .get(i)
        .map(|s| percent(*s))
        .unwrap_or_else(|| percent(Decimal::ZERO))
}

/// A line of 二: an income source, its amount and its share of 本年收入.
#[derive(Serialize)]
pub(super) struct SourceShare {
    label: String,
    amount: String,
    share: String,
}

/// A line of 五 or 八: a function class (类), its amount and its share of the fund.
#[derive(Serialize)]
pub(super) struct ClassShare {
    name: String,
    amount: String,
    share: String,
}

/// 第一部分 概况: 一、主要职责 and 二、所属预算单位构成情况 (from the profile).
#[derive(Serialize)]
pub(super) struct About {
    duties: Vec<String>,
    composition: Vec<String>,
}

pub(super) fn about(g: &mut Gather, profile: &Profile) -> About {
    let duties = match profile.duties.clone().filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => vec![g.missing("DOC-002", "主要职责", "duties")],
    };
    let composition = match profile.composition.clone().filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => vec![g.missing("DOC-002", "所属预算单位构成", "composition")],
    };
    About {
        duties,
        composition,
    }
}

/// 一、收入支出预算总体情况说明 (01's 收入总计 and 支出总计 against the prior year).
#[derive(Serialize)]
pub(super) struct Totals {
    income_total: String,
    expenditure_total: String,
    income_change: String,
    income_reason: String,
    expenditure_change: String,
    expenditure_reason: String,
}

pub(super) fn totals(g: &mut Gather, s: &Sources) -> Totals {
    let t01 = s.table(TableId::T01);
    let income_total = line(t01, Summary::IncomeTotal);
    let expenditure_total = line(t01, Summary::ExpenditureTotal);
    let (ic, income_change) = g.change(
        income_total,
        prior_wan(s.prior.income_total),
        "收入总计",
        "income_total",
    );
    let income_reason = g.reason(&ic, s.reasons().income.as_ref(), "收入", "income");
    let (ec, expenditure_change) = g.change(
        expenditure_total,
        prior_wan(s.prior.expenditure_total),
        "支出总计",
        "expenditure_total",
    );
    let expenditure_reason = g.reason(&ec, s.reasons().expenditure.as_ref(), "支出", "expenditure");
    Totals {
        income_total: wan(income_total),
        expenditure_total: wan(expenditure_total),
        income_change,
        income_reason,
        expenditure_change,
        expenditure_reason,
    }
}

/// 二、收入预算总体情况说明 (01's income lines, each with its share of 本年收入).
#[derive(Serialize)]
pub(super) struct Income {
    income_current: String,
    sources: Vec<SourceShare>,
    carry_in: Option<String>,
}

pub(super) fn income(s: &Sources) -> Income {
    let t01 = s.table(TableId::T01);
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
    let sources = source_rows
        .into_iter()
        .zip(source_shares)
        .map(|((label, a), share)| SourceShare {
            label,
            amount: wan(a),
            share: percent(share),
        })
        .collect();
    let carry_in = line(t01, Summary::CarryIn);
    Income {
        income_current: wan(line(t01, Summary::CurrentIncome)),
        sources,
        carry_in: (!carry_in.is_zero()).then(|| wan(carry_in)),
    }
}

/// How 二 names an income line of 01: the source's own name (`Col::label`), except that the
/// sentence says 政府性基金预算 where the column says 政府性基金.
fn source_label(kind: &Kind) -> String {
    let Kind::Line(RowKey::Income { source, .. }) = kind else {
        return String::new();
    };
    match source {
        Col::GovFund => "政府性基金预算",
        other => other.label(),
    }
    .to_string()
}

/// 三、支出预算总体情况说明 (03's 合计: 基本支出 and 项目支出 with their shares).
#[derive(Serialize)]
pub(super) struct Expenditure {
    expenditure_current: String,
    basic: String,
    basic_share: String,
    project: String,
    project_share: String,
}

pub(super) fn expenditure(s: &Sources) -> Expenditure {
    let total03 = |c| s.total(TableId::T03, c);
    let (basic, project) = (total03(Col::Basic), total03(Col::Project));
    let split = shares(&[basic, project]);
    Expenditure {
        expenditure_current: wan(total03(Col::Total)),
        basic: wan(basic),
        basic_share: share_at(&split, 0),
        project: wan(project),
        project_share: share_at(&split, 1),
    }
}

/// 四、财政拨款收入支出预算总体情况说明 (04's 支出合计 line by fund, against the prior year).
#[derive(Serialize)]
pub(super) struct Fiscal {
    fiscal_total: String,
    fiscal_general: String,
    fiscal_fund: String,
    fiscal_capital: Option<String>,
    general_change: String,
    general_reason: String,
    fund_change: String,
    fund_reason: String,
}

pub(super) fn fiscal(g: &mut Gather, s: &Sources) -> Fiscal {
    let fiscal = |c| fiscal_expenditure(s.table(TableId::T04), c);
    let (fiscal_general, fiscal_fund, fiscal_capital) = (
        fiscal(Col::GeneralBudget),
        fiscal(Col::GovFund),
        fiscal(Col::StateCapital),
    );
    let (gc, general_change) = g.change(
        fiscal_general,
        prior_wan(s.prior.general_budget),
        "一般公共预算收支",
        "general_budget",
    );
    let general_reason = g.reason(
        &gc,
        s.reasons().general_budget.as_ref(),
        "一般公共预算收支",
        "general_budget",
    );
    let (fc, fund_change) = g.change(
        fiscal_fund,
        prior_wan(s.prior.gov_fund),
        "政府性基金收支",
        "gov_fund",
    );
    let fund_reason = g.reason(
        &fc,
        s.reasons().gov_fund.as_ref(),
        "政府性基金收支",
        "gov_fund",
    );
    Fiscal {
        fiscal_total: wan(fiscal(Col::Total)),
        fiscal_general: wan(fiscal_general),
        fiscal_fund: wan(fiscal_fund),
        fiscal_capital: (!fiscal_capital.is_zero()).then(|| wan(fiscal_capital)),
        general_change,
        general_reason,
        fund_change,
        fund_reason,
    }
}

/// A fund's figure on 04's 支出合计 line.
pub(super) fn fiscal_expenditure(t04: Option<&PubTable>, col: Col) -> Decimal {
    amount(
        t04,
        &Kind::Line(RowKey::Summary(Summary::ExpenditureTotal)),
        col,
    )
}

/// 五、一般公共预算支出预算情况说明 (05's 合计 and 04's classes of 一般公共预算).
/// 六 prints `general_basic` too.
#[derive(Serialize)]
pub(super) struct GeneralBudget {
    general_total: String,
    general_basic: String,
    general_basic_share: String,
    general_project: String,
    general_project_share: String,
    classes: Vec<ClassShare>,
}

pub(super) fn general_budget(s: &Sources) -> GeneralBudget {
    let total05 = |c| s.total(TableId::T05, c);
    let split = shares(&[total05(Col::Basic), total05(Col::Project)]);
    GeneralBudget {
        general_total: wan(total05(Col::Total)),
        general_basic: wan(total05(Col::Basic)),
        general_basic_share: share_at(&split, 0),
        general_project: wan(total05(Col::Project)),
        general_project_share: share_at(&split, 1),
        classes: classes(s.table(TableId::T04), Col::GeneralBudget, s.catalog),
    }
}

/// Amounts by function class (类) of one fund, as 04 prints them on its class lines (one figure
/// per class, over all units: 05 and 09 print a class row per unit), with their shares.
fn classes(t04: Option<&PubTable>, col: Col, catalog: &Catalog) -> Vec<ClassShare> {
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
            let name = FunctionCode::parse(code)
                .and_then(|c| catalog.function_name(&c).map(str::to_string))
                .unwrap_or_default();
            let name = name
                .strip_suffix("支出")
                .map(str::to_string)
                .unwrap_or(name);
            ClassShare {
                name,
                amount: wan(*a),
                share: percent(share),
            }
        })
        .collect()
}

/// 六、一般公共预算基本支出情况说明 (人员经费 and 公用经费 from 06, else from 05's columns;
/// the base, `general_basic`, is 五's).
#[derive(Serialize)]
pub(super) struct GeneralBasic {
    personnel: String,
    personnel_share: String,
    public_use: String,
    public_use_share: String,
    personnel_items: String,
    public_items: String,
}

pub(super) fn general_basic(s: &Sources) -> GeneralBasic {
    let t06 = s.table(TableId::T06);
    let total05 = |c| s.total(TableId::T05, c);
    let (personnel, public_use) = match t06 {
        Some(_) => (
            s.total(TableId::T06, Col::Personnel),
            s.total(TableId::T06, Col::PublicUse),
        ),
        None => (
            total05(Col::WagesBenefits) + total05(Col::HouseholdTransfers),
            total05(Col::GoodsServices) + total05(Col::Capital),
        ),
    };
    let split = shares(&[personnel, public_use]);
    GeneralBasic {
        personnel: wan(personnel),
        personnel_share: share_at(&split, 0),
        public_use: wan(public_use),
        public_use_share: share_at(&split, 1),
        personnel_items: items(t06, Col::Personnel),
        public_items: items(t06, Col::PublicUse),
    }
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

/// 七、“三公”经费支出情况说明 (08's 合计 row): the total and each item, every one against
/// the prior year with its reason.
#[derive(Serialize)]
pub(super) struct Sangong {
    sangong: String,
    sangong_change: String,
    sangong_reason: String,
    abroad: String,
    abroad_change: String,
    abroad_reason: String,
    reception: String,
    reception_change: String,
    reception_reason: String,
    vehicle: String,
    vehicle_purchase: String,
    vehicle_operation: String,
    vehicle_purchase_change: String,
    vehicle_purchase_reason: String,
    vehicle_operation_change: String,
    vehicle_operation_reason: String,
}

pub(super) fn sangong(g: &mut Gather, s: &Sources) -> Sangong {
    let s08 = |c| s.total(TableId::T08, c);
    let (prior, reasons) = (s.prior, s.reasons());
    let mut compare =
        |current: Decimal, prior: Option<Wan>, what: &str, key: &str, reason: Option<&String>| {
            sangong_change(
                g,
                s.prior_year,
                current,
                prior_wan(prior),
                what,
                key,
                reason,
            )
        };
    let (sangong_change, sangong_reason) = compare(
        s08(Col::Total),
        prior.sangong_total,
        "“三公”经费",
        "sangong_total",
        reasons.sangong.as_ref(),
    );
    let (abroad_change, abroad_reason) = compare(
        s08(Col::Abroad),
        prior.abroad,
        "因公出国（境）费",
        "abroad",
        reasons.abroad.as_ref(),
    );
    let (reception_change, reception_reason) = compare(
        s08(Col::Reception),
        prior.reception,
        "公务接待费",
        "reception",
        reasons.reception.as_ref(),
    );
    let (vp_change, vp_reason) = compare(
        s08(Col::VehiclePurchase),
        prior.vehicle_purchase,
        "公务用车购置费",
        "vehicle_purchase",
        reasons.vehicle_purchase.as_ref(),
    );
    let (vo_change, vo_reason) = compare(
        s08(Col::VehicleOperation),
        prior.vehicle_operation,
        "公务用车运行维护费",
        "vehicle_operation",
        reasons.vehicle_operation.as_ref(),
    );
    let vehicle = if s08(Col::Vehicle).is_zero() {
        s08(Col::VehiclePurchase) + s08(Col::VehicleOperation)
    } else {
        s08(Col::Vehicle)
    };
    Sangong {
        sangong: wan(s08(Col::Total)),
        sangong_change,
        sangong_reason,
        abroad: wan(s08(Col::Abroad)),
        abroad_change,
        abroad_reason,
        reception: wan(s08(Col::Reception)),
        reception_change,
        reception_reason,
        vehicle: wan(vehicle),
        vehicle_purchase: wan(s08(Col::VehiclePurchase)),
        vehicle_operation: wan(s08(Col::VehicleOperation)),
        vehicle_purchase_change: vp_change,
        vehicle_purchase_reason: vp_reason,
        vehicle_operation_change: vo_change,
        vehicle_operation_reason: vo_reason,
    }
}

/// One sentence of 七: "比2023年增加…" or "与上年持平", and the reason when it changed.
fn sangong_change(
    g: &mut Gather,
    prior_year: i32,
    current: Decimal,
    prior: Option<Decimal>,
    what: &str,
    key: &str,
    reason: Option<&String>,
) -> (String, String) {
    let (c, text) = g.change(current, prior, what, key);
    let text = match &c {
        Change::Same => "与上年持平".to_string(),
        _ if prior.is_some() => format!("比{prior_year}年{text}"),
        _ => text,
    };
    let r = g.reason(&c, reason, what, key);
    (text, r)
}

/// 八、政府性基金预算支出情况说明 (09's 合计, and 04's classes of 政府性基金).
#[derive(Serialize)]
pub(super) struct GovFund {
    fund_total: Option<String>,
    fund_classes: Vec<ClassShare>,
}

pub(super) fn gov_fund(s: &Sources) -> GovFund {
    let fund_total = s.total(TableId::T09, Col::Total);
    GovFund {
        fund_total: (!fund_total.is_zero()).then(|| wan(fund_total)),
        fund_classes: classes(s.table(TableId::T04), Col::GovFund, s.catalog),
    }
}

/// 九（一）行政（事业）单位机构运转经费 (the profile's, else 05's 商品和服务支出).
#[derive(Serialize)]
pub(super) struct AgencyUpkeep {
    operating: String,
}

pub(super) fn agency_upkeep(s: &Sources) -> AgencyUpkeep {
    let operating = s
        .profile
        .operating_funds
        .map(|w| w.0)
        .unwrap_or_else(|| s.total(TableId::T05, Col::GoodsServices));
    AgencyUpkeep {
        operating: wan(operating),
    }
}

/// 九（二）政府采购支出情况 (the profile's `[procurement]`).
#[derive(Serialize)]
pub(super) struct Procurement {
    procurement_total: String,
    procurement_goods: String,
    procurement_works: String,
    procurement_services: String,
}

pub(super) fn procurement(g: &mut Gather, profile: &Profile) -> Procurement {
    let procurement = match &profile.procurement {
        Some(pr) => Some((pr.goods.0, pr.works.0, pr.services.0)),
        None => {
            g.missing("DOC-002", "政府采购预算", "[procurement]");
            None
        }
    };
    Procurement {
        procurement_total: procurement
            .map(|(a, b, c)| wan(a + b + c))
            .unwrap_or_else(|| gap("政府采购预算")),
        procurement_goods: procurement.map(|x| wan(x.0)).unwrap_or_else(|| gap("货物")),
        procurement_works: procurement.map(|x| wan(x.1)).unwrap_or_else(|| gap("工程")),
        procurement_services: procurement.map(|x| wan(x.2)).unwrap_or_else(|| gap("服务")),
    }
}

/// 九（三）绩效目标设置情况 (12's projects and their funds).
#[derive(Serialize)]
pub(super) struct PerformanceTargets {
    targets: usize,
    targets_amount: String,
}

pub(super) fn performance_targets(s: &Sources) -> PerformanceTargets {
    let t12 = s.table(TableId::T12);
    let targets = t12.map(|t| t.targets.len()).unwrap_or(0);
    let targets_amount: Decimal = t12
        .map(|t| {
            t.targets
                .iter()
                .map(|x| x.values.get(&Col::Total).copied().unwrap_or_default())
                .sum()
        })
        .unwrap_or_default();
    PerformanceTargets {
        targets,
        targets_amount: wan(targets_amount),
    }
}

/// 九（四）国有资产占用情况 (the profile's `[assets]`).
#[derive(Serialize)]
pub(super) struct StateAssets {
    assets_as_of: String,
    vehicles: String,
    general_vehicles: String,
    law_enforcement_vehicles: String,
    special_vehicles: String,
    other_vehicles: String,
    general_equipment: String,
    special_equipment: String,
}

pub(super) fn assets(g: &mut Gather, profile: &Profile) -> StateAssets {
    let assets: Option<Assets> = profile.assets.clone();
    if assets.is_none() {
        g.missing("DOC-002", "国有资产占用情况", "[assets]");
    }
    let known = assets.is_some();
    let a = assets.unwrap_or_default();
    let count = |n: u32| if known { n.to_string() } else { gap("数量") };
    StateAssets {
        assets_as_of: if known {
            a.as_of.clone()
        } else {
            gap("截止日期")
        },
        vehicles: if known {
            (a.general_vehicles
                + a.law_enforcement_vehicles
                + a.special_vehicles
                + a.other_vehicles)
                .to_string()
        } else {
            gap("数量")
        },
        general_vehicles: count(a.general_vehicles),
        law_enforcement_vehicles: count(a.law_enforcement_vehicles),
        special_vehicles: count(a.special_vehicles),
        other_vehicles: count(a.other_vehicles),
        general_equipment: count(a.general_equipment_over_50),
        special_equipment: count(a.special_equipment_over_100),
    }
}

/// 九（五）专项转移支付项目情况 (the profile's `[transfer]`).
#[derive(Serialize)]
pub(super) struct Transfers {
    transfer_count: String,
    transfers: Vec<String>,
}

pub(super) fn transfers(g: &mut Gather, profile: &Profile) -> Transfers {
    let transfer = profile.transfer.clone();
    if transfer.is_none() {
        g.missing("DOC-002", "专项转移支付项目情况", "[transfer]");
    }
    Transfers {
        // A draft without the profile's list reads 【待填写】 for the count too, not 共有1项.
        transfer_count: transfer
            .as_ref()
            .map(|t| t.projects.len().to_string())
            .unwrap_or_else(|| gap("项目数")),
        transfers: transfer
            .map(|t| t.projects)
            .unwrap_or_else(|| vec![gap("专项转移支付项目")]),
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

/// A numbered term of 第三部分.
#[derive(Serialize)]
pub(super) struct NumberedTerm {
    number: String,
    term: String,
    text: String,
}

/// 第三部分 名词解释 (`glossary.toml`, numbered 一、二、…).
///
/// # Errors
/// `Usage` when the glossary file does not parse.
pub(super) fn glossary(templates: &Templates) -> Result<Vec<NumberedTerm>> {
    let glossary: Glossary = toml::from_str(&templates.glossary).map_err(|e| {
        Error::Usage(format!(
            "{}/glossary.toml: 名词解释文件格式错误：{e}",
            templates.source.display()
        ))
    })?;
    Ok(glossary
        .terms
        .into_iter()
        .enumerate()
        .map(|(i, term)| NumberedTerm {
            number: chinese_number(i as u32 + 1),
            term: term.term,
            text: term.text,
        })
        .collect())
}

/// Everything the template sees: the department, the years, and each section's variables.
#[derive(Serialize)]
pub(super) struct Document {
    pub dept: String,
    pub year: i32,
    pub prior_year: i32,
    #[serde(flatten)]
    pub about: About,
    #[serde(flatten)]
    pub totals: Totals,
    #[serde(flatten)]
    pub income: Income,
    #[serde(flatten)]
    pub expenditure: Expenditure,
    #[serde(flatten)]
    pub fiscal: Fiscal,
    #[serde(flatten)]
    pub general_budget: GeneralBudget,
    #[serde(flatten)]
    pub general_basic: GeneralBasic,
    #[serde(flatten)]
    pub sangong: Sangong,
    #[serde(flatten)]
    pub gov_fund: GovFund,
    #[serde(flatten)]
    pub agency_upkeep: AgencyUpkeep,
    #[serde(flatten)]
    pub procurement: Procurement,
    #[serde(flatten)]
    pub performance_targets: PerformanceTargets,
    #[serde(flatten)]
    pub assets: StateAssets,
    #[serde(flatten)]
    pub transfers: Transfers,
    pub glossary: Vec<NumberedTerm>,
}
