//! The page's profile form → the profile TOML that `yusuan init` starts and `--profile` reads.
//!
//! The form sends JSON shaped like the TOML (every value a string, as typed); the answer is
//! the file, with the same comments as `profile::skeleton`, so that a clerk who opens it later
//! finds the same explanations. Amounts are checked here, where the clerk can still fix them,
//! and the text is read back with `Profile::parse` before it is handed out.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::profile::{Profile, Wan};

/// The form, as the page sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Form {
    pub name: String,
    pub duties: Vec<String>,
    pub composition: Vec<String>,
    pub operating_funds: String,
    pub prior: PriorForm,
    pub reasons: ReasonsForm,
    pub procurement: ProcurementForm,
    pub assets: AssetsForm,
    pub transfer: TransferForm,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorForm {
    pub year: String,
    pub income_total: String,
    pub expenditure_total: String,
    pub general_budget: String,
    pub gov_fund: String,
    pub sangong_total: String,
    pub abroad: String,
    pub reception: String,
    pub vehicle_purchase: String,
    pub vehicle_operation: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReasonsForm {
    pub income: String,
    pub expenditure: String,
    pub general_budget: String,
    pub gov_fund: String,
    pub sangong: String,
    pub abroad: String,
    pub reception: String,
    pub vehicle_purchase: String,
    pub vehicle_operation: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcurementForm {
    pub goods: String,
    pub works: String,
    pub services: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssetsForm {
    pub as_of: String,
    pub general_vehicles: String,
    pub law_enforcement_vehicles: String,
    pub special_vehicles: String,
    pub other_vehicles: String,
    pub general_equipment_over_50: String,
    pub special_equipment_over_100: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransferForm {
    pub projects: Vec<String>,
}

/// The profile file of a filled-in form.
///
/// # Errors
/// A message naming the field when an amount or a count is not a number.
pub fn to_toml(form: &Form) -> Result<String, String> {
    let mut out = String::new();
    let department = form.name.trim();
    // A comment ends at the line's end: a line break typed into the name must not end it.
    let heading: String = department
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(
        out,
        "# {heading} 部门预算公开 · 部门资料（由 yusuan 网页生成）"
    );
    out.push_str(
        "#\n# 金额单位一律为万元，写成带引号的数字，如 \"43.77\"（保证精确）。\n\
         # 用法：yusuan build 导出表.xlsx --profile 本文件 --out 输出目录\n\n",
    );
    out.push_str("# 部门全称（留空则使用导出表中的名称）\n");
    let _ = writeln!(out, "name = {}\n", quoted(department));
    out.push_str("# 第一部分 概况 · 一、主要职责（每条职责一项，按顺序）\n");
    let _ = writeln!(out, "duties = {}\n", list(&form.duties));
    out.push_str("# 第一部分 概况 · 二、所属预算单位构成（每段一项）\n");
    let _ = writeln!(out, "composition = {}\n", list(&form.composition));
    let funds = amount(&form.operating_funds, "机构运转经费")?;
    if !funds.is_empty() {
        out.push_str("# 机构运转经费（万元；默认取一般公共预算基本支出中的商品和服务支出）\n");
        let _ = writeln!(out, "operating_funds = {}\n", quoted(&funds));
    }

    let p = &form.prior;
    out.push_str(
        "# 上年预算数（万元），用于说明增减变化。也可以用 --prior 指定上年的导出表。\n[prior]\n",
    );
    let year = p.year.trim();
    if !year.is_empty() {
        let y: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| format!("上年年度“{year}”不是年份"))?;
        let _ = writeln!(out, "year = {y}");
    }
    for (key, label, value) in [
        ("income_total", "收入总计", &p.income_total),
        ("expenditure_total", "支出总计", &p.expenditure_total),
        ("general_budget", "一般公共预算收支", &p.general_budget),
        ("gov_fund", "政府性基金收支", &p.gov_fund),
        ("sangong_total", "“三公”经费合计", &p.sangong_total),
        ("abroad", "因公出国（境）费", &p.abroad),
        ("reception", "公务接待费", &p.reception),
        ("vehicle_purchase", "公务用车购置费", &p.vehicle_purchase),
        (
            "vehicle_operation",
            "公务用车运行维护费",
            &p.vehicle_operation,
        ),
    ] {
        let v = amount(value, &format!("上年{label}"))?;
        let _ = writeln!(out, "{key} = {}  # {label}", quoted(&v));
    }

    let r = &form.reasons;
    out.push_str("\n# 增减变化的主要原因（与上年相比有增减时必填；持平时可留空）\n[reasons]\n");
    for (key, value) in [
        ("income", &r.income),
        ("expenditure", &r.expenditure),
        ("general_budget", &r.general_budget),
        ("gov_fund", &r.gov_fund),
        ("sangong", &r.sangong),
        ("abroad", &r.abroad),
        ("reception", &r.reception),
        ("vehicle_purchase", &r.vehicle_purchase),
        ("vehicle_operation", &r.vehicle_operation),
    ] {
        // An empty reason stays a comment: it reads as "not filled in", as a missing key does.
        match value.trim() {
            "" => {
                let _ = writeln!(out, "# {key} = \"\"");
            }
            reason => {
                let _ = writeln!(out, "{key} = {}", quoted(reason));
            }
        }
    }

    let c = &form.procurement;
    out.push_str("\n# 政府采购预算（万元）\n[procurement]\n");
    for (key, label, value) in [
        ("goods", "货物", &c.goods),
        ("works", "工程", &c.works),
        ("services", "服务", &c.services),
    ] {
        let mut v = amount(value, &format!("政府采购{label}"))?;
        if v.is_empty() {
            v = "0".into();
        }
        let _ = writeln!(out, "{key} = {}  # {label}", quoted(&v));
    }

    let a = &form.assets;
    out.push_str("\n# 国有资产占用情况（上年末）\n[assets]\n");
    let _ = writeln!(out, "as_of = {}", quoted(a.as_of.trim()));
    for (key, label, value) in [
        (
            "general_vehicles",
            "一般公务用车（辆）",
            &a.general_vehicles,
        ),
        (
            "law_enforcement_vehicles",
            "一般执法执勤用车（辆）",
            &a.law_enforcement_vehicles,
        ),
        (
            "special_vehicles",
            "特种专业技术用车（辆）",
            &a.special_vehicles,
        ),
        ("other_vehicles", "其他用车（辆）", &a.other_vehicles),
        (
            "general_equipment_over_50",
            "单价50万元以上通用设备（台、套）",
            &a.general_equipment_over_50,
        ),
        (
            "special_equipment_over_100",
            "单位价值100万元以上专用设备（台、套）",
            &a.special_equipment_over_100,
        ),
    ] {
        let n = count(value, label)?;
        let _ = writeln!(out, "{key} = {n}  # {label}");
    }

    out.push_str("\n# 部门负责管理的专项转移支付项目（名称，每项一条；没有则留空）\n[transfer]\n");
    let _ = writeln!(out, "projects = {}", list(&form.transfer.projects));

    // What is handed out must be what `--profile` reads.
    Profile::parse(&out, Path::new("部门资料.toml")).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The form filled in from a profile file, so that a clerk can edit last year's file on the
/// page and download it again.
pub fn from_profile(p: &Profile) -> Form {
    let wan = |w: Option<Wan>| w.map(|w| w.0.normalize().to_string()).unwrap_or_default();
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let prior = p.prior.clone().unwrap_or_default();
    let r = &p.reasons;
    let procurement = p.procurement.clone().unwrap_or_default();
    let assets = p.assets.clone();
    let n = |f: fn(&crate::profile::Assets) -> u32| {
        assets
            .as_ref()
            .map(|a| f(a).to_string())
            .unwrap_or_default()
    };
    Form {
        name: text(&p.name),
        duties: p.duties.clone().unwrap_or_default(),
        composition: p.composition.clone().unwrap_or_default(),
        operating_funds: wan(p.operating_funds),
        prior: PriorForm {
            year: prior.year.map(|y| y.to_string()).unwrap_or_default(),
            income_total: wan(prior.income_total),
            expenditure_total: wan(prior.expenditure_total),
            general_budget: wan(prior.general_budget),
            gov_fund: wan(prior.gov_fund),
            sangong_total: wan(prior.sangong_total),
            abroad: wan(prior.abroad),
            reception: wan(prior.reception),
            vehicle_purchase: wan(prior.vehicle_purchase),
            vehicle_operation: wan(prior.vehicle_operation),
        },
        reasons: ReasonsForm {
            income: text(&r.income),
            expenditure: text(&r.expenditure),
            general_budget: text(&r.general_budget),
            gov_fund: text(&r.gov_fund),
            sangong: text(&r.sangong),
            abroad: text(&r.abroad),
            reception: text(&r.reception),
            vehicle_purchase: text(&r.vehicle_purchase),
            vehicle_operation: text(&r.vehicle_operation),
        },
        procurement: ProcurementForm {
            goods: wan(Some(procurement.goods)),
            works: wan(Some(procurement.works)),
            services: wan(Some(procurement.services)),
        },
        assets: AssetsForm {
            as_of: assets.as_ref().map(|a| a.as_of.clone()).unwrap_or_default(),
            general_vehicles: n(|a| a.general_vehicles),
            law_enforcement_vehicles: n(|a| a.law_enforcement_vehicles),
            special_vehicles: n(|a| a.special_vehicles),
            other_vehicles: n(|a| a.other_vehicles),
            general_equipment_over_50: n(|a| a.general_equipment_over_50),
            special_equipment_over_100: n(|a| a.special_equipment_over_100),
        },
        transfer: TransferForm {
            projects: p
                .transfer
                .as_ref()
                .map(|t| t.projects.clone())
                .unwrap_or_default(),
        },
    }
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML array of the non-empty lines, one per line.
fn list(items: &[String]) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return "[]".into();
    }
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "  {},", quoted(item));
    }
    out.push(']');
    out
}

/// An amount as typed ("43.77", "1,234.5", full-width digits), checked and written plainly;
/// empty stays empty (not filled in).
fn amount(typed: &str, what: &str) -> Result<String, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(String::new());
    }
    crate::text::decimal_from_text(typed)
        .map(|d| d.normalize().to_string())
        .ok_or_else(|| format!("{what}“{typed}”不是金额，请填写如 43.77 这样的数字（万元）"))
}

/// A count of vehicles or pieces of equipment; empty is 0.
fn count(typed: &str, what: &str) -> Result<u32, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(0);
    }
    typed
        .parse()
        .map_err(|_| format!("{what}“{typed}”不是整数"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_survive_toml() {
        let form = Form {
            name: "某“部门”\\甲\n乙".into(),
            duties: vec!["（一）\"职责\"".into(), "  ".into()],
            ..Default::default()
        };
        let text = to_toml(&form).unwrap();
        let p = Profile::parse(&text, Path::new("x")).unwrap();
        assert_eq!(p.name.as_deref(), Some("某“部门”\\甲\n乙"));
        assert_eq!(p.duties.unwrap(), vec!["（一）\"职责\"".to_string()]);
    }

    #[test]
    fn a_profile_goes_round_the_form_unchanged() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/hongqi-2024/profile.toml"
        ));
        let sample = Profile::load(path).unwrap();
        let again = Profile::parse(&to_toml(&from_profile(&sample)).unwrap(), path).unwrap();
        assert_eq!(format!("{again:?}"), format!("{sample:?}"));
    }

    #[test]
    fn amounts_are_checked() {
        let mut form = Form::default();
        form.prior.income_total = "４３.７７".into();
        let p = Profile::parse(&to_toml(&form).unwrap(), Path::new("x")).unwrap();
        assert_eq!(
            p.prior.unwrap().income_total.unwrap().0.to_string(),
            "43.77"
        );
        form.prior.income_total = "43.7七".into();
        assert!(to_toml(&form).unwrap_err().contains("上年收入总计"));
        form.prior.income_total.clear();
        form.assets.general_vehicles = "两".into();
        assert!(to_toml(&form).unwrap_err().contains("一般公务用车"));
    }
}
