//! The printed lines of 01 部门收支总体情况表 and 04 财政拨款收支总体情况表: the official
//! income lines on the left, and on the right every class of the catalogue between the summary
//! lines, each with the export's figures. The summary lines list the lines they add up.

use std::collections::BTreeMap;

use super::{chinese_number, values_wan, Kind, PubRow, PubTable};
use crate::catalog::Catalog;
use crate::model::{Col, FunctionCode, RowKey, Summary, Table, TableId};

/// The official lines of 01 and 04, with the export's figures.
pub(super) fn build_two_sided(pt: &mut PubTable, t: &Table, catalog: &Catalog) {
    let mut left = if t.id == TableId::T01 {
        income_lines_01(t)
    } else {
        income_lines_04(t)
    };
    let mut right = expenditure_lines(t, catalog);
    // 01's expenditure lines print one amount (合计).
    if t.id == TableId::T01 {
        for r in &mut right {
            r.values.retain(|c, _| *c == Col::Total);
        }
    }
    for r in &mut left {
        let v = r.values.get(&Col::Amount).copied();
        r.values = v
            .map(|v| BTreeMap::from([(Col::Total, v)]))
            .unwrap_or_default();
    }
    pt.left = left;
    pt.rows = right;
}

/// A printed line with the export's figures for its key (none where the export lacks it).
fn line(t: &Table, key: RowKey, label: &str) -> PubRow {
    let mut r = PubRow::new(Kind::Line(key.clone()), label);
    r.values = t
        .rows
        .iter()
        .find(|r| r.key == key)
        .map(values_wan)
        .unwrap_or_default();
    r
}

fn income(carry: bool, source: Col) -> RowKey {
    RowKey::Income { carry, source }
}

/// 01's income side: the sources (一 … 九, 其中：财政拨款 under 一), 本年收入合计,
/// 上年结转结余 and 收入总计.
fn income_lines_01(t: &Table) -> Vec<PubRow> {
    use Col::*;
    let sources: [(Col, &str); 10] = [
        (GeneralBudget, "一、一般公共预算"),
        (GeneralAppropriation, "其中：财政拨款"),
        (GovFund, "二、政府性基金预算拨款收入"),
        (StateCapital, "三、国有资本经营预算拨款收入"),
        (FiscalSpecial, "四、财政专户管理资金收入"),
        (Business, "五、事业收入"),
        (BusinessOperating, "六、事业单位经营收入"),
        (UpperSubsidy, "七、上级补助收入"),
        (AffiliatedRemit, "八、附属单位上缴收入"),
        (OtherIncome, "九、其他收入"),
    ];
    let mut left = Vec::new();
    for (c, l) in sources {
        left.push(line(t, income(false, c), l));
    }
    let n = left.len();
    let mut current = line(t, RowKey::Summary(Summary::CurrentIncome), "本年收入合计");
    current.children = (0..n).filter(|i| *i != 1).collect();
    left.push(current);
    left.push(line(t, RowKey::Summary(Summary::CarryIn), "上年结转结余"));
    let mut total = line(t, RowKey::Summary(Summary::IncomeTotal), "收入总计");
    total.children = vec![n, n + 1];
    left.push(total);
    left
}

/// 04's income side: 一、本年收入 by fund, 二、上年结转 by fund, 收入合计.
fn income_lines_04(t: &Table) -> Vec<PubRow> {
    use Col::*;
    let mut left = Vec::new();
    let mut current = line(t, RowKey::Summary(Summary::CurrentIncome), "一、本年收入");
    let first = [
        (GeneralBudget, "（一）一般公共预算拨款"),
        (GeneralAppropriation, "其中：财政拨款"),
        (GovFund, "（二）政府性基金预算拨款"),
        (StateCapital, "（三）国有资本经营预算拨款"),
    ];
    current.children = vec![1, 3, 4];
    left.push(current);
    for (c, l) in first {
        left.push(line(t, income(false, c), l));
    }
    let mut carry = line(t, RowKey::Summary(Summary::CarryIn), "二、上年结转");
    carry.children = vec![6, 7, 8];
    left.push(carry);
    for (c, l) in [
        (GeneralBudget, "（一）一般公共预算拨款"),
        (GovFund, "（二）政府性基金预算拨款"),
        (StateCapital, "（三）国有资本经营预算拨款"),
    ] {
        left.push(line(t, income(true, c), l));
    }
    let mut total = line(t, RowKey::Summary(Summary::IncomeTotal), "收入合计");
    total.children = vec![0, 5];
    left.push(total);
    left
}

/// The expenditure side: every class of the catalogue, numbered 一 = 201 … (the template's
/// numbering follows the class codes), under 本年支出, then 年终结转结余 and the total.
fn expenditure_lines(t: &Table, catalog: &Catalog) -> Vec<PubRow> {
    let mut right = Vec::new();
    let classes: Vec<FunctionCode> = catalog
        .function
        .keys()
        .filter(|c| c.len() == 3)
        .filter_map(|c| FunctionCode::parse(c))
        .collect();
    let two = t.id == TableId::T04;
    if two {
        right.push(line(
            t,
            RowKey::Summary(Summary::CurrentExpenditure),
            "一、本年支出",
        ));
    }
    let first_class = right.len();
    for code in &classes {
        let n: u32 = code.as_str()[1..].parse().unwrap_or(0);
        let name = catalog.function_name(code).unwrap_or_default();
        let label = if two {
            format!("（{}）{}", chinese_number(n), name)
        } else {
            format!("{}、{}", chinese_number(n), name)
        };
        right.push(line(
            t,
            RowKey::Function {
                unit: None,
                code: code.clone(),
            },
            &label,
        ));
    }
    let class_rows: Vec<usize> = (first_class..right.len()).collect();
    if two {
        right[0].children = class_rows;
        right.push(line(
            t,
            RowKey::Summary(Summary::CarryOut),
            "二、年终结转结余",
        ));
        let n = right.len();
        let mut total = line(t, RowKey::Summary(Summary::ExpenditureTotal), "支出合计");
        total.children = vec![0, n - 1];
        right.push(total);
    } else {
        let mut current = line(
            t,
            RowKey::Summary(Summary::CurrentExpenditure),
            "本年支出合计",
        );
        current.children = class_rows;
        right.push(current);
        right.push(line(t, RowKey::Summary(Summary::CarryOut), "年终结转结余"));
        let n = right.len();
        let mut total = line(t, RowKey::Summary(Summary::ExpenditureTotal), "支出总计");
        total.children = vec![n - 2, n - 1];
        right.push(total);
    }
    right
}
