//! The department's profile: what the disclosure needs that no table holds (duties, budget-unit
//! composition, reasons for changes, prior-year figures, procurement, assets, transfers).
//! One TOML file per department, with Chinese comments; `yusuan init` writes a skeleton.
//!
//! Amounts are in 万元 and written as quoted strings ("43.77") so they stay exact; a bare
//! integer is accepted too. A missing entry stays `None`: whether it is required is for
//! `publish::narrative` to say, as a finding.

use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};

/// An exact amount in 万元 from TOML: "43.77" or 43.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wan(pub Decimal);

impl<'de> Deserialize<'de> for Wan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Wan, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Int(i64),
        }
        match Raw::deserialize(d)? {
            Raw::Int(i) => Ok(Wan(Decimal::from(i))),
            Raw::Text(s) => crate::text::decimal_from_text(&s).map(Wan).ok_or_else(|| {
                serde::de::Error::custom(format!("“{s}”不是金额（应写成 \"43.77\" 这样的数字）"))
            }),
        }
    }
}

/// An optional amount: an empty string is "not filled in yet".
fn opt_wan<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Wan>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(i64),
    }
    match Option::<Raw>::deserialize(d)? {
        None => Ok(None),
        Some(Raw::Int(i)) => Ok(Some(Wan(Decimal::from(i)))),
        Some(Raw::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(Raw::Text(s)) => crate::text::decimal_from_text(&s)
            .map(|d| Some(Wan(d)))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("“{s}”不是金额（应写成 \"43.77\" 这样的数字）"))
            }),
    }
}

/// The profile file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// 部门全称 (empty: the name the export prints).
    pub name: Option<String>,
    /// 主要职责, one item per duty.
    pub duties: Option<Vec<String>>,
    /// 所属预算单位构成, one paragraph per item.
    pub composition: Option<Vec<String>>,
    pub prior: Option<Prior>,
    #[serde(default)]
    pub reasons: Reasons,
    pub procurement: Option<Procurement>,
    pub assets: Option<Assets>,
    pub transfer: Option<Transfer>,
    /// 机构运转经费 (万元), when it differs from 一般公共预算基本支出 商品和服务支出.
    #[serde(default, deserialize_with = "opt_wan")]
    pub operating_funds: Option<Wan>,
}

/// Prior-year (上年) budget figures, 万元.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    pub year: Option<i32>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub income_total: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub expenditure_total: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub general_budget: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub gov_fund: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub sangong_total: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub abroad: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub reception: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub vehicle_purchase: Option<Wan>,
    #[serde(default, deserialize_with = "opt_wan")]
    pub vehicle_operation: Option<Wan>,
}

/// 增减变化的主要原因.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reasons {
    pub income: Option<String>,
    pub expenditure: Option<String>,
    pub general_budget: Option<String>,
    pub gov_fund: Option<String>,
    pub sangong: Option<String>,
    pub abroad: Option<String>,
    pub reception: Option<String>,
    pub vehicle_purchase: Option<String>,
    pub vehicle_operation: Option<String>,
}

/// 政府采购预算, 万元.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    pub goods: Wan,
    pub works: Wan,
    pub services: Wan,
}

/// 国有资产占用情况 at the end of the prior year.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// 截至日期, e.g. "2023年12月31日".
    pub as_of: String,
    pub general_vehicles: u32,
    pub law_enforcement_vehicles: u32,
    pub special_vehicles: u32,
    pub other_vehicles: u32,
    pub general_equipment_over_50: u32,
    pub special_equipment_over_100: u32,
}

/// 专项转移支付项目.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    #[serde(default)]
    pub projects: Vec<String>,
}

impl Profile {
    /// Reads a profile.
    ///
    /// # Errors
    /// `NotFound`, `Io`, `Usage` for TOML errors (with the file, line and column).
    pub fn load(path: &Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::reading(path, e))?;
        Profile::parse(&text, path)
    }

    /// Parses a profile's text; `name` only names it in messages (`yusuan serve` has no file).
    ///
    /// # Errors
    /// `Usage` for TOML errors (with the name, line and column).
    pub fn parse(text: &str, name: &Path) -> Result<Profile> {
        // Windows Notepad may save UTF-8 with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        toml::from_str(text)
            .map_err(|e| Error::Usage(format!("{}: 部门资料文件格式错误：{e}", name.display())))
    }
}

/// A profile skeleton with what the workbook knows filled in, for `yusuan init`.
pub fn skeleton(department: &str, year: i32, units: &[(String, String)]) -> String {
    let prior = year - 1;
    let unit_lines: String = units
        .iter()
        .map(|(code, name)| format!("#   {code} {name}\n"))
        .collect();
    format!(
        r#"# {department} {year}年部门预算公开 · 部门资料
#
# yusuan 生成公开文件时需要、但预算表中没有的内容，请逐项填写后用
#   yusuan build 导出表.xlsx --profile 本文件 --out 输出目录
# 生成。金额单位一律为万元，写成带引号的数字，如 "43.77"（保证精确）。
# 未填写的必填项会在核对时报错；用 --draft 可先生成带【待填写】标记的草稿。

# 部门全称（留空则使用导出表中的名称）
name = "{department}"

# 第一部分 概况 · 一、主要职责（每条职责一项，按顺序）
duties = [
  # "（一）统一组织、规划、部署……",
]

# 第一部分 概况 · 二、所属预算单位构成（每段一项）
# 导出表中的预算单位：
{unit_lines}composition = [
  # "{department}部门预算包括机关本级预算。",
]

# 上年（{prior}年）预算数，用于说明增减变化。也可以用 --prior 指定上年的导出表。
[prior]
year = {prior}
income_total = ""       # 收入总计
expenditure_total = ""  # 支出总计
general_budget = ""     # 一般公共预算收支
gov_fund = ""           # 政府性基金收支
sangong_total = ""      # “三公”经费合计
abroad = ""             # 因公出国（境）费
reception = ""          # 公务接待费
vehicle_purchase = ""   # 公务用车购置费
vehicle_operation = ""  # 公务用车运行维护费

# 增减变化的主要原因（与上年相比有增减时必填；持平时可留空）
[reasons]
income = ""
expenditure = ""
general_budget = ""
gov_fund = ""
sangong = ""
abroad = ""
reception = ""
vehicle_purchase = ""
vehicle_operation = ""

# 政府采购预算（万元）
[procurement]
goods = "0"      # 货物
works = "0"      # 工程
services = "0"   # 服务

# 国有资产占用情况（上年末）
[assets]
as_of = "{prior}年12月31日"
general_vehicles = 0            # 一般公务用车（辆）
law_enforcement_vehicles = 0    # 一般执法执勤用车（辆）
special_vehicles = 0            # 特种专业技术用车（辆）
other_vehicles = 0              # 其他用车（辆）
general_equipment_over_50 = 0   # 单价50万元以上通用设备（台、套）
special_equipment_over_100 = 0  # 单位价值100万元以上专用设备（台、套）

# 部门负责管理的专项转移支付项目（名称，每项一条；没有则留空）
[transfer]
projects = []
"#
    )
}
