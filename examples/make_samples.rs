//! Makes the bundled sample workbooks in `samples/hongqi-2024/`.
//!
//! Run with `cargo run --example make_samples`; the files are overwritten and,
//! because the creation time is fixed, byte-identical on every run.
//!
//! The department is the seed document's (中共新乡市红旗区委区直机关工作委员会, 2024 budget
//! disclosure; `shared/seed/000_d924ceb559bc64c1.txt`). Its 预算表 attachment is transcribed
//! ONCE in the data section below ([`hongqi_2024`]): every table the seed has (01–05, 07–12;
//! the seed has no 06, so neither has its data), every value as a `Decimal` in 万元, every
//! label, code, note and row order as published, defects included:
//! 07's detail rows are unsorted and sum to 45.65 while its 合计 says 50.65; the tables'
//! 部门名称 is "本级"; 04 keeps the stale "（九）医疗卫生与计划生育支出" line; 10's total row
//! has no label; 03/05 have no 类/款 rows; 12's 047 row has no name; 11's text keeps its typos.
//!
//! Two layout writers render that data, so both files carry the same data by construction.
//! A third file is the same data after a finance clerk's corrections ([`corrected`]: a
//! function of the seed data, each correction commented), rendered by the seed writer:
//!
//! * `budget.xlsx`, the seed layout: the finance-system export as published. One sheet
//!   per table named "预算01表"…; row 1 the table code, row 2 the merged title, row 3
//!   "部门名称：本级" / "单位：万元"; the seed's merged header rows; amounts as numbers
//!   in 万元; totals first; codes split into 类|款|项 text columns.
//! * `budget-vendor-b.xlsx`, another vendor's export of the same data: sheets
//!   "Sheet1".."Sheet11" in shuffled table order; extra title rows (department name, blank
//!   row); titles with or without the year and sometimes prefixed with the table code;
//!   "单位:元" / "单位： 元"; amounts in 元 (×10000) as numbers, or as text ("506,500.00",
//!   " 86000.00 ", one full-width "５０６，５００．００"), one table writing zeros for blanks;
//!   7-digit function codes in one cell (or "2013601 行政运行"); 5-digit economic codes;
//!   reordered amount columns; a "栏次" row of column numbers under some headers; totals
//!   rows last; 07's rows sorted by code; 11's 一级/二级 indicator cells repeated, not merged.
//! * `budget-corrected.xlsx`, the seed layout (万元) after the corrections: 07 gets the
//!   missing 302 16 培训费 line (5.00) and code order; 06 is added between 05 and 07; every
//!   部门名称 is the department's full name; 01/04 class lines carry the 2024 names (04's
//!   stale （九） line becomes （九）社会保险基金支出); 10's total row says "合计"; 12's 047 row
//!   has its name.

use std::error::Error;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// An amount in 万元; `None` is a cell the table leaves blank.
type Amt = Option<Decimal>;
const N: Amt = None;

// ════════════════════════════════════════════════════════════════════════════════════════
// Data model
// ════════════════════════════════════════════════════════════════════════════════════════

/// What every table carries besides its body.
struct Meta {
    /// Table code as printed at the top left, e.g. "预算01表".
    code: &'static str,
    /// Title as published, e.g. "2024年部门收支总体情况表".
    title: &'static str,
    /// Line under the title, only 11 has one ("（2024年度）").
    subtitle: Option<&'static str>,
    /// Value of the "部门名称：" line ("本级" in most tables: a defect of the seed).
    dept_label: &'static str,
    /// Notes printed under the table.
    notes: Vec<&'static str>,
}

/// Two-sided tables 01 and 04: labels with one amount on the left, labels with `R`
/// amounts on the right, and footer rows that pair both sides.
struct TwoSided<const R: usize> {
    left: Vec<(&'static str, Amt)>,
    right: Vec<(&'static str, [Amt; R])>,
    footer: Vec<(&'static str, Amt, &'static str, [Amt; R])>,
}

/// An economic classification code split as printed ("301", "02", "津贴补贴").
struct EconCode {
    class: &'static str,
    kind: &'static str,
    name: &'static str,
}

/// What identifies a row of a list table.
enum Key {
    /// A total row; `label` is "" where the seed prints none (10).
    Total { label: &'static str },
    /// A department or unit row ("047", "047001").
    Unit {
        code: &'static str,
        name: &'static str,
    },
    /// A function-classification row, code split into 类|款|项 (03, 05, 09).
    Function {
        class: &'static str,
        kind: &'static str,
        item: &'static str,
        name: &'static str,
    },
    /// 部门预算 and 政府预算 economic classification (07).
    Economic { dept: EconCode, gov: EconCode },
    /// 部门预算 economic classification alone (06).
    DeptEconomic { dept: EconCode },
    /// A project (10).
    Project {
        kind: &'static str,
        name: &'static str,
        unit: &'static str,
    },
}

/// A row of a list table with `R` amount columns, in the seed's column order.
struct Row<const R: usize> {
    key: Key,
    amounts: [Amt; R],
}

/// Table 11, the department's overall performance targets.
struct Performance {
    goal: &'static str,
    /// (任务名称, 主要内容)
    tasks: Vec<(&'static str, &'static str)>,
    /// 部门预算总额
    total: Amt,
    /// 资金来源 lines
    sources: Vec<(&'static str, Amt)>,
    /// 资金结构 lines
    structure: Vec<(&'static str, Amt)>,
    /// [一级指标, 二级指标, 三级指标, 指标值, 指标值说明]
    indicators: Vec<[&'static str; 5]>,
}

/// One indicator of table 12: (三级指标, 指标值).
type Indicator = Option<(&'static str, &'static str)>;

/// A row block of table 12: a unit (no indicators) or a project whose indicator lines
/// are [成本, 产出, 效益, 满意度], one printed row each.
struct PerfRow {
    code: &'static str,
    name: &'static str,
    /// [资金总额, 政府预算资金, 财政专户管理资金, 单位资金]
    amounts: [Amt; 4],
    lines: Vec<[Indicator; 4]>,
}

/// The whole 预算表 attachment. 06 is optional: the seed does not publish it (`None`);
/// the corrected copy ([`corrected`]) adds it.
struct Budget {
    /// Full department name (used by vendor B's extra title row).
    dept_name: &'static str,
    t01: (Meta, TwoSided<1>),
    /// Amounts: 总计; 本年收入 {合计, 一般公共预算 {小计, 其中：财政拨款}, 政府性基金,
    /// 国有资本经营预算, 财政专户管理资金收入, 事业收入, 事业单位经营收入, 上级补助收入,
    /// 附属单位上缴收入, 其他收入}; 上年结转结余 {合计, 一般公共预算, 政府性基金,
    /// 国有资本经营预算, 财政专户管理资金, 单位资金}.
    t02: (Meta, Vec<Row<18>>),
    /// Amounts ([`FN_AMOUNTS`]): 合计; 基本支出 {小计, 工资福利支出, 对个人和家庭的补助,
    /// 商品和服务支出, 资本性支出}; 项目支出 {小计, 其他运转类, 特定目标类}.
    t03: (Meta, Vec<Row<9>>),
    /// Right-side amounts: 合计, 一般公共预算 {小计, 其中：财政拨款}, 政府性基金, 国有资本经营预算.
    t04: (Meta, TwoSided<5>),
    t05: (Meta, Vec<Row<9>>),
    /// Amounts: 合计, 人员经费, 公用经费. `None` in the seed.
    t06: Option<(Meta, Vec<Row<3>>)>,
    /// Amounts: 总计, 一般公共预算 {小计, 其中：财政拨款}, 政府性基金, 国有资本经营预算,
    /// 上年结转结余, 财政专户管理资金收入, 事业收入, 上级补助收入, 附属单位上缴收入,
    /// 事业单位经营收入, 其他收入.
    t07: (Meta, Vec<Row<12>>),
    /// Amounts: “三公”经费合计, 因公出国（境）费, 公务用车购置及运行费 {小计, 购置费, 运行费},
    /// 公务接待费. The seed prints no row at all.
    t08: (Meta, Vec<Row<6>>),
    t09: (Meta, Vec<Row<9>>),
    /// Amounts: 合计; 本年拨款 {一般公共预算, 政府性基金预算, 国有资本经营预算};
    /// 财政拨款结转结余 {same three}; 财政专户管理资金; 单位资金.
    t10: (Meta, Vec<Row<9>>),
    t11: (Meta, Performance),
    t12: (Meta, Vec<PerfRow>),
}

// ════════════════════════════════════════════════════════════════════════════════════════
// Data: the seed department, 2024, amounts in 万元
// ════════════════════════════════════════════════════════════════════════════════════════

const DEPT: &str = "中共新乡市红旗区委区直机关工作委员会";
const UNIT: &str = "中共新乡市红旗区委区直机关工作委员会本级";
const YEAR_PREFIX: &str = "2024年";

/// `R` amounts of which the first `xs.len()` are present and the rest blank.
fn lead<const R: usize>(xs: &[Decimal]) -> [Amt; R] {
    let mut out = [N; R];
    for (slot, x) in out.iter_mut().zip(xs) {
        *slot = Some(*x);
    }
    out
}

fn meta(code: &'static str, title: &'static str, notes: Vec<&'static str>) -> Meta {
    Meta {
        code,
        title,
        subtitle: None,
        dept_label: "本级",
        notes,
    }
}

fn total<const R: usize>(amounts: [Amt; R]) -> Row<R> {
    Row {
        key: Key::Total { label: "合计" },
        amounts,
    }
}

fn unit<const R: usize>(code: &'static str, name: &'static str, amounts: [Amt; R]) -> Row<R> {
    Row {
        key: Key::Unit { code, name },
        amounts,
    }
}

fn function(code: [&'static str; 3], name: &'static str, amounts: [Amt; 9]) -> Row<9> {
    let [class, kind, item] = code;
    Row {
        key: Key::Function {
            class,
            kind,
            item,
            name,
        },
        amounts,
    }
}

/// A 07 row: 部门预算 code, 政府预算 code, one amount in 总计, 小计 and 其中：财政拨款.
fn economic(dept: [&'static str; 3], gov: [&'static str; 3], x: Decimal) -> Row<12> {
    let code = |[class, kind, name]: [&'static str; 3]| EconCode { class, kind, name };
    Row {
        key: Key::Economic {
            dept: code(dept),
            gov: code(gov),
        },
        amounts: lead(&[x, x, x]),
    }
}

fn project(name: &'static str, x: Decimal) -> Row<9> {
    Row {
        key: Key::Project {
            kind: "其他运转类",
            name,
            unit: UNIT,
        },
        amounts: lead(&[x, x]),
    }
}

/// The 03/05 function-classification body (identical in both tables of the seed).
#[rustfmt::skip]
fn function_rows() -> Vec<Row<9>> {
    let s = Some;
    vec![
        total([s(dec!(50.65)), s(dec!(42.05)), s(dec!(24.81)), s(dec!(13.68)), s(dec!(3.56)), N, s(dec!(8.60)), s(dec!(8.60)), N]),
        unit("047", DEPT, [s(dec!(50.65)), s(dec!(42.05)), s(dec!(24.81)), s(dec!(13.68)), s(dec!(3.56)), N, s(dec!(8.60)), s(dec!(8.60)), N]),
        function(["201", "36", "01"], "行政运行", [s(dec!(42.05)), s(dec!(42.05)), s(dec!(24.81)), s(dec!(13.68)), s(dec!(3.56)), N, N, N, N]),
        function(["201", "36", "99"], "其他共产党事务支出", [s(dec!(8.60)), N, N, N, N, N, s(dec!(8.60)), s(dec!(8.60)), N]),
    ]
}

/// 11's indicator explanations that repeat.
const KEY_TASK_NOTE: &str = "反映本部门负责的重点工作任务进展情况。分项具体列示本部门重点工作任务推进情况，相关情况应予以细化、量化表述。";
const BENEFIT_NOTE: &str = "反映部门履职对经济社会发展等所带来的直接或间接影响。可根据部门实际情况有选择的进行设置，并将三级指标细化为相应的个性化指标。";
const SATISFACTION_NOTE: &str = "反映社会公众或服务对象在部门履职效果、解决民众关心的热点问题等方面的满意程度。可根据部门实际情况有选择的进行设置，并将三级指标细化为相应的个性化指标。";

/// The seed's tables, transcribed.
#[rustfmt::skip]
fn hongqi_2024() -> Budget {
    let d5065 = dec!(50.65);
    let d860 = dec!(8.60);
    Budget {
        dept_name: DEPT,
        t01: (
            meta("预算01表", "2024年部门收支总体情况表", vec![]),
            TwoSided {
                left: vec![
                    ("一、一般公共预算", Some(d5065)),
                    ("其中：财政拨款", Some(d5065)),
                    ("二、政府性基金预算拨款收入", N),
                    ("三、国有资本经营预算拨款收入", N),
                    ("四、财政专户管理资金收入", N),
                    ("五、事业收入", N),
                    ("六、事业单位经营收入", N),
                    ("七、上级补助收入", N),
                    ("八、附属单位上缴收入", N),
                    ("九、其他收入", N),
                ],
                // Numbering gaps (十八, 二十五, 二十六, 二十八) are the seed's.
                right: [
                    "一、一般公共服务", "二、外交", "三、国防", "四、公共安全", "五、教育",
                    "六、科学技术", "七、文化旅游体育与传媒", "八、社会保障和就业",
                    "九、社会保险基金支出", "十、卫生健康", "十一、节能环保", "十二、城乡社区事务",
                    "十三、农林水事务", "十四、交通运输", "十五、资源勘探信息等", "十六、商业服务业等",
                    "十七、金融支出", "十九、援助其他地区支出", "二十、自然资源海洋气象等支出",
                    "二十一、住房保障支出", "二十二、粮油物资储备支出", "二十三、国有资本经营预算",
                    "二十四、灾害防治及应急管理", "二十七、预备费", "二十九、其他支出",
                    "三十、转移性支出", "三十一、债务还本支出", "三十二、债务付息支出",
                    "三十三、债务发行费用支出", "三十四、抗疫特别国债安排的支出",
                ]
                .into_iter()
                .enumerate()
                .map(|(i, label)| (label, [if i == 0 { Some(d5065) } else { N }]))
                .collect(),
                // The seed letter-spaces these labels; kept as published.
                footer: vec![
                    ("本 年 收 入 合 计", Some(d5065), "本 年 支 出 合 计", [Some(d5065)]),
                    ("上年结转结余", N, "年终结转结余", [N]),
                    ("收 入 总 计", Some(d5065), "支 出 总 计", [Some(d5065)]),
                ],
            },
        ),
        t02: (
            meta("预算02表", "2024年部门收入总体情况表", vec![]),
            vec![
                total(lead(&[d5065; 4])),
                unit("047", DEPT, lead(&[d5065; 4])),
                unit("047001", UNIT, lead(&[d5065; 4])),
            ],
        ),
        t03: (meta("预算03表", "2024年部门支出总体情况表", vec![]), function_rows()),
        t04: (
            meta("预算04表", "2024年财政拨款收支总体情况表", vec![]),
            TwoSided {
                left: vec![
                    ("一、本年收入", Some(d5065)),
                    ("（一）一般公共预算拨款", Some(d5065)),
                    ("其中：财政拨款", Some(d5065)),
                    ("（二）政府性基金预算拨款", N),
                    ("（三）国有资本经营预算拨款", N),
                    ("二、上年结转", N),
                    ("（一）一般公共预算拨款", N),
                    ("（二）政府性基金预算拨款", N),
                    ("（三）国有资本经营预算拨款", N),
                ],
                // Keeps the stale （九）医疗卫生与计划生育支出 beside （十）卫生健康支出.
                right: [
                    "一、本年支出", "（一）一般公共服务支出", "（二）外交支出", "（三）国防支出",
                    "（四）公共安全支出", "（五）教育支出", "（六）科学技术支出",
                    "（七）文化体育旅游与传媒支出", "（八）社会保障和就业支出",
                    "（九）医疗卫生与计划生育支出", "（十）卫生健康支出", "（十一）节能环保支出",
                    "（十二）城乡社区事务支出", "（十三）农林水事务支出", "（十四）交通运输支出",
                    "（十五）资源勘探信息等支出", "（十六）商业服务业等支出", "（十七）金融支出",
                    "（十九）援助其他地区支出", "（二十）自然资源海洋气象等支出",
                    "（二十一）住房保障支出", "（二十二）粮油物资储备支出",
                    "（二十三）国有资本经营预算", "（二十四）灾害防治及应急管理", "（二十七）预备费",
                    "（二十九）其他支出", "（三十）转移性支出", "（三十一）债务还本支出",
                    "（三十二）债务付息支出", "（三十三）债务发行费用支出",
                    "（三十四）抗疫特别国债安排的支出", "二、年终结转结余",
                ]
                .into_iter()
                .enumerate()
                .map(|(i, label)| (label, if i < 2 { lead(&[d5065; 3]) } else { [N; 5] }))
                .collect(),
                footer: vec![("收入合计：", Some(d5065), "支出合计", lead(&[d5065; 3]))],
            },
        ),
        t05: (
            meta("预算05表", "2024年一般公共预算支出情况表", vec!["备注：本表仅含当年财政拨款安排的支出"]),
            function_rows(),
        ),
        // The seed has no 06.
        t06: None,
        t07: (
            meta("预算07表", "2024年支出经济分类汇总表", vec![]),
            // The seed's (unsorted) order. The rows sum to 45.65, the 合计 says 50.65.
            vec![
                total(lead(&[d5065; 3])),
                unit("047", DEPT, lead(&[d5065; 3])),
                economic(["301", "02", "津贴补贴"], ["501", "01", "工资奖金津补贴"], dec!(5.62)),
                economic(["301", "03", "奖金"], ["501", "01", "工资奖金津补贴"], dec!(5.79)),
                economic(["303", "07", "医疗费补助"], ["509", "01", "社会福利和救助"], dec!(0.13)),
                economic(["301", "10", "职工基本医疗保险缴费"], ["501", "02", "社会保障缴费"], dec!(1.14)),
                economic(["303", "02", "退休费"], ["509", "05", "离退休费"], dec!(12.70)),
                economic(["301", "13", "住房公积金"], ["501", "03", "住房公积金"], dec!(2.18)),
                economic(["301", "01", "基本工资"], ["501", "01", "工资奖金津补贴"], dec!(7.28)),
                economic(["303", "05", "生活补助"], ["509", "01", "社会福利和救助"], dec!(0.85)),
                economic(["301", "08", "机关事业单位基本养老保险缴费"], ["501", "02", "社会保障缴费"], dec!(2.76)),
                economic(["301", "12", "其他社会保障缴费"], ["501", "02", "社会保障缴费"], dec!(0.04)),
                economic(["302", "01", "办公费"], ["502", "01", "办公经费"], dec!(4.16)),
                economic(["302", "39", "其他交通费用"], ["502", "01", "办公经费"], dec!(1.50)),
                economic(["302", "99", "其他商品和服务支出"], ["502", "99", "其他商品和服务支出"], dec!(0.40)),
                economic(["302", "29", "福利费"], ["502", "01", "办公经费"], dec!(0.61)),
                economic(["302", "28", "工会经费"], ["502", "01", "办公经费"], dec!(0.32)),
                economic(["302", "07", "邮电费"], ["502", "01", "办公经费"], dec!(0.17)),
            ],
        ),
        t08: (
            meta(
                "预算08表",
                "2024年一般公共预算“三公”经费支出情况表",
                vec![
                    "注：按照党中央、国务院有关规定及部门预算管理有关规定，“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。（1）因公出国（境）费，指单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。（2）公务用车购置及运行费，指单位公务用车购置费及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出，公务用车指用于履行公务的机动车辆，包括领导干部专车、一般公务用车和执法执勤用车。（3）公务接待费，指单位按规定开支的各类公务接待（含外宾接待）支出。",
                    "备注：我单位无“三公”支出，故此表无数据。",
                ],
            ),
            vec![],
        ),
        t09: (
            meta("预算09表", "2024年政府性基金预算支出情况表", vec!["备注：我单位无政府性基金支出，故此表无数据。"]),
            vec![total([N; 9])],
        ),
        t10: (
            meta("预算10表", "2024年项目支出表", vec![]),
            vec![
                Row { key: Key::Total { label: "" }, amounts: lead(&[d860, d860]) },
                unit("047", DEPT, lead(&[d860, d860])),
                project("党员教育培训", dec!(5.00)),
                project("基层党组织建设", dec!(3.60)),
            ],
        ),
        t11: (
            Meta {
                code: "预算11表",
                title: "部门（单位）整体绩效目标表",
                subtitle: Some("（2024年度）"),
                dept_label: DEPT,
                notes: vec![],
            },
            Performance {
                goal: "统一领导区直机关党的建设工作，完成区委及上级组织部门交办的工作，做好党员教育管理与服务项目支出。",
                tasks: vec![
                    ("党员教育管理", "完成各项培训任务，做好党员发展、教育和管理等工作。"),
                    ("基层党组织建设", "以提升组织力为重点，突出政治功能，全面激发基层党组织生机活力，紧紧围绕贯彻落实党中央、省、市、区委决策部署，推进机关基层党建工作，为完成本部门中心任务提供坚强保证。"),
                ],
                total: Some(d5065),
                sources: vec![
                    ("（1）政府预算资金", Some(d5065)),
                    ("（2）财政专户管理资金", N),
                    ("（3）单位资金", N),
                ],
                structure: vec![("（1）基本支出", Some(dec!(42.05))), ("（2）项目支出", Some(d860))],
                // 一级 "满意度" has no 二级 in the seed; 16/17's explanations are swapped there.
                indicators: vec![
                    ["投入管理指标", "工作目标管理", "年度履职目标相关性", "相关", "1.年度履职目标是否符合国家、省委省政府战略部署和发展规划，与国家、省宏观政策、行业政策一致；2.年度履职目标是否与部门职责、工作规划和重点工作相关；3.确定的预算项目是否合理，是否与工作目标密切相关；4.工作任务和项目预算安排是否合理。"],
                    ["投入管理指标", "工作目标管理", "工作任务科学性", "科学", "1.工作任务是否有明确的绩效目标，绩效目标是否与部门年度履职目标一致，是否能体现工作任务的产出和效果；2.工作任务对应的预算项目是否有明确的绩效目标，绩效目标是否与部门职责目标、工作任务目标一致，是否能体现预算项目的产出和效果"],
                    ["投入管理指标", "工作目标管理", "绩效指标合理性", "合理", "1.工作任务、预算项目绩效指标设置是否准确反映部门绩效完成情况；2.工作任务、预算项目绩效指标是否清晰、细化、可评价、可衡量；3.工作任务、预算项目绩效指标的评价标准是否清晰、可衡量；4.是否与部门年度的任务数或计划数相对应。"],
                    ["投入管理指标", "预算和财务管理", "预算编制完整性", "完整", "1.部门所有收入是否全部纳入部门预算；2.部门支出预算是否统筹各类资金来源，全部纳入部门预算管理。"],
                    ["投入管理指标", "预算和财务管理", "专项资金细化率", "100%", "专项资金细化率=（已细化到具体市县和承担单位的资金数/部门参与分配资金总数）×100%。"],
                    ["投入管理指标", "预算和财务管理", "预算执行率", "≥90%", "预算执行率=（预算完成数/预算数）×100%。预算完成数指部门实际执行的预算数；预算数指财政部门批复的本年度部门的（调整）预算数。"],
                    ["投入管理指标", "预算和财务管理", "预算调整率", "≤10%", "预算调整率=（预算调整数-年初预算数）/年初预算数×100%。预算调整数：部门在本年度内涉及预算的追加、追减或结构调整的资金总和（因落实国家政策、发生不可抗力、上级部门或本级党委政府临时交办而产生的调整除外）。"],
                    ["投入管理指标", "预算和财务管理", "结转结余率", "≤10%", "结转结余率=结转结余总额/预算数*100%。结转结余总额是指部门本年度的结转结余资金之和。预算数是指财政部门批复的本年度部门的（调整）预算数。"],
                    ["投入管理指标", "预算和财务管理", "“三公经费”控制率", "≤100%", "三公经费”控制率=本年度“三公经费”实际支出数/“三公经费”预算数*100%"],
                    ["投入管理指标", "预算和财务管理", "政府采购执行率", "≥90%", "政府采购执行率=（实际政府采购金额/政府采购预算数）×100%。政府采购预算：采购机关根据事业发展计划和行政任务编制的、并经过规定程序批准的年度政府采购计划。"],
                    ["投入管理指标", "预算和财务管理", "决算真实性", "真实", "反映本部门决算工作情况。决算编制数据是否账表一致，即决算报表数据与会计账簿数据是否一致。"],
                    ["投入管理指标", "预算和财务管理", "资金使用合规性", "合规", "部门（单位）是否按照相关法律法规以及资金管理办法规定的用途使用预算资金，用以反映和考核部门(单位）预算资金的规范运行情况。1.是否符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；2.资金的拨付是否有完整的审批程序和手续；3.项目的重大开支是否经过评估论证；4.是否符合部门预算批复的用途；5.是否存在截留支出情况；6.是否存在挤占支出情况；7.是否存在挪用支出情况；8.是否存在虚列支出情况。"],
                    ["投入管理指标", "预算和财务管理", "管理制度健全性", "健全", "部门（单位）为加强预算管理，规范财务行为而制定的管理制度是否健全完整，用以反映和考核部门（单位）预算管理制度为完成主要职责或促成事业发展的保障情况。1.是否已制定或具有预算资金管理办法、内部管理制度、会计核算制度、会计岗位制度等管理制度；2.相关管理制度是否得到有效执行。"],
                    ["投入管理指标", "预算和财务管理", "预决算信息公开性", "公开", "部门（单位）是否按照政府信息公开有关规定公开部门预算、执行、决算、监督、绩效等相关预决算信息，用以反映和考核部门（单位）预决算管理的公开透明情况。1.是否按规定内容公开预决算信息；2.是否按规定时限公开预决算信息。"],
                    ["投入管理指标", "预算和财务管理", "资产管理规范性", "规范", "部门（单位）的资产配置、使用是否合规，处置是否规范，收入是否及时足额上缴，用以反映和考核部门（单位）资产管理的规范程度。1.资产是否及时规范入账，资产报表数据与会计账簿数据是否相符，资产实物与财务账、资产账是否相符；2.新增资产是否符合规定程序和规定标准，新增资产是否考虑闲置存量资产；3.资产对外有偿使用（出租出借等）、对外投资、担保、资产处置等事项是否按规定报批；4.资产收益是否及时足额上交财政。"],
                    ["投入管理指标", "绩效管理", "绩效目标编制完成率", "100%", "部门（单位）按要求实施绩效监控的项目数量占应实施绩效监控项目总数的比重。部门绩效监控完成率=已完成绩效监控项目数量/部门项目总数*100%"],
                    ["投入管理指标", "绩效管理", "绩效监控完成率", "100%", "部门（单位）按要求编制绩效目标的项目数量占应编制绩效目标项目总数的比重。部门目标编制完成率=已完成绩效目标编制项目数量/部门应编制绩效目标项目总数*100%"],
                    ["投入管理指标", "绩效管理", "绩效自评完成率", "100%", "部门（单位）按要求实施绩效自评的项目数量占应实施绩效自评项目总数的比重。部门绩效自评完成率=已完成评价项目数量/部门项目总数*100%"],
                    ["投入管理指标", "绩效管理", "部门绩效评价完成率", "100%", "部门重点绩效评价项目评价完成情况。部门绩效评价完成率=已完成评价项目数量/部门重点绩效评价项目数*100%"],
                    ["投入管理指标", "绩效管理", "评价结果应用率", "100%", "绩效监控、单位自评、部门绩效评价、财政重点绩效评价结果应用情况。评价结果应用率=评价提出的意见建议采纳数/提出的意见建议总数*100%"],
                    ["产出指标", "重点工作任务完成", "基层党组织建设任务完成率", "100%", KEY_TASK_NOTE],
                    ["产出指标", "重点工作任务完成", "党员教育管理任务完成率", "100%", KEY_TASK_NOTE],
                    ["产出指标", "履职目标实现", "完成区委及上级部门交办工作实现率", "100%", "反映本部门制定的年度工作目标达成情况。分项具体列示本部门年度工作目标达成情况，相关情况应予以细化、量化表述。"],
                    ["效益指标", "履职效益", "推进机关基层党建工作，为完成本部门中心任务提供坚强保证", "提高", BENEFIT_NOTE],
                    ["效益指标", "履职效益", "提升党员发展、教育和管理", "提升", BENEFIT_NOTE],
                    ["满意度", "", "社会公众满意度", "≥95%", SATISFACTION_NOTE],
                    ["满意度", "", "党员满意度", "≥95%", SATISFACTION_NOTE],
                ],
            },
        ),
        t12: (
            meta("预算12表", "2024年部门预算项目绩效目标汇总表", vec![]),
            vec![
                // The seed prints no name on the 047 row.
                PerfRow { code: "047", name: "", amounts: lead(&[d860, d860]), lines: vec![] },
                PerfRow { code: "047001", name: UNIT, amounts: lead(&[d860, d860]), lines: vec![] },
                PerfRow {
                    code: "410702220000000008246",
                    name: "基层党组织建设",
                    amounts: lead(&[dec!(3.60), dec!(3.60)]),
                    lines: vec![
                        [Some(("基层党组织建设", "≤3.6万元")), Some(("全区机关各党组织活动", "≥6次")), None, Some(("机关党员干部满意度", "≥90%"))],
                        [None, Some(("党员参与活动出勤率", ">80%")), None, None],
                        [None, Some(("活动完成时间", "2024年12月31日前")), None, None],
                    ],
                },
                PerfRow {
                    code: "410702220000000013229",
                    name: "党员教育培训",
                    amounts: lead(&[dec!(5.00), dec!(5.00)]),
                    lines: vec![
                        [Some(("党员教育培训", "≤5万元")), Some(("区直机关单位", "≥1次")), None, Some(("区直机关党员满意度", "≥95%"))],
                        [None, Some(("培训合格率", "≥90%")), None, None],
                        [None, Some(("培训完成率", "100%")), None, None],
                    ],
                },
            ],
        ),
    }
}

// ════════════════════════════════════════════════════════════════════════════════════════
// Data: the same export after a finance clerk corrected the seed's defects
// ════════════════════════════════════════════════════════════════════════════════════════

/// Gives the line labelled `from` the label `to` (in place, amounts kept); panics when no
/// line has that label, so that a correction cannot silently miss.
fn relabel<T>(lines: &mut [(&'static str, T)], from: &str, to: &'static str) {
    let line = lines
        .iter_mut()
        .find(|(label, _)| *label == from)
        .unwrap_or_else(|| panic!("no line labelled {from:?}"));
    line.0 = to;
}

/// Sum of column `c` over `rows`, blanks as zero.
fn column_sum<'a, const R: usize>(rows: impl IntoIterator<Item = &'a Row<R>>, c: usize) -> Decimal {
    rows.into_iter().filter_map(|r| r.amounts[c]).sum()
}

/// A 06 row: 部门预算 economic code and its amount, in 人员经费 (工资福利支出 301 and
/// 对个人和家庭的补助 303) or 公用经费 (商品和服务支出 302).
fn basic(code: [&'static str; 3], x: Decimal) -> Row<3> {
    let [class, kind, name] = code;
    let amounts = match class {
        "301" | "303" => [Some(x), Some(x), N],
        "302" => [Some(x), N, Some(x)],
        _ => unreachable!("06 has no basic expenditure under {class}"),
    };
    Row {
        key: Key::DeptEconomic {
            dept: EconCode { class, kind, name },
        },
        amounts,
    }
}

/// The seed's tables after a finance clerk corrected its defects (`budget-corrected.xlsx`).
/// Everything not named here is kept as the seed has it (11's typos included).
#[rustfmt::skip]
fn corrected(mut b: Budget) -> Budget {
    // 1. 07: the seed's economic lines sum to 45.65 while its 合计 says 50.65: the 5.00 万元
    //    project 党员教育培训 (10) was left without an economic line. It is training, so the
    //    clerk books it under 302 16 培训费 (政府预算 502 03 培训费), all 财政拨款 like the rest.
    //    The clerk also tidied the lines into 部门预算 code order (合计 and the unit row stay
    //    on top).
    {
        let (_, rows) = &mut b.t07;
        rows.push(economic(["302", "16", "培训费"], ["502", "03", "培训费"], dec!(5.00)));
        rows.sort_by_key(|r| match &r.key {
            Key::Total { .. } => (0, String::new()),
            Key::Unit { code, .. } => (1, code.to_string()),
            Key::Economic { dept, .. } => (2, format!("{}{}", dept.class, dept.kind)),
            _ => unreachable!("07 holds totals, units and economic codes"),
        });
        let lines = || rows.iter().filter(|r| matches!(r.key, Key::Economic { .. }));
        for c in 0..3 {
            assert_eq!(column_sum(lines(), c), rows[0].amounts[c].unwrap(), "07 column {c}");
        }
    }

    // 2. 06 一般公共预算基本支出情况表 must be published (national disclosure rules) and the
    //    seed left it out. Its lines are 07's basic-expenditure part: the same economic
    //    codes without the projects (办公费 4.16 in 07 = 0.56 basic + 3.60 基层党组织建设;
    //    培训费 is all project), so 合计 = 05's 基本支出 42.05, 人员经费 = 工资福利支出 24.81 +
    //    对个人和家庭的补助 13.68 = 38.49, 公用经费 = 商品和服务支出 3.56.
    {
        let mut rows = vec![total(lead(&[dec!(42.05), dec!(38.49), dec!(3.56)]))];
        rows.extend([
            basic(["301", "01", "基本工资"], dec!(7.28)),
            basic(["301", "02", "津贴补贴"], dec!(5.62)),
            basic(["301", "03", "奖金"], dec!(5.79)),
            basic(["301", "08", "机关事业单位基本养老保险缴费"], dec!(2.76)),
            basic(["301", "10", "职工基本医疗保险缴费"], dec!(1.14)),
            basic(["301", "12", "其他社会保障缴费"], dec!(0.04)),
            basic(["301", "13", "住房公积金"], dec!(2.18)),
            basic(["302", "01", "办公费"], dec!(0.56)),
            basic(["302", "07", "邮电费"], dec!(0.17)),
            basic(["302", "28", "工会经费"], dec!(0.32)),
            basic(["302", "29", "福利费"], dec!(0.61)),
            basic(["302", "39", "其他交通费用"], dec!(1.50)),
            basic(["302", "99", "其他商品和服务支出"], dec!(0.40)),
            basic(["303", "02", "退休费"], dec!(12.70)),
            basic(["303", "05", "生活补助"], dec!(0.85)),
            basic(["303", "07", "医疗费补助"], dec!(0.13)),
        ]);
        for c in 0..3 {
            assert_eq!(column_sum(&rows[1..], c), rows[0].amounts[c].unwrap(), "06 column {c}");
        }
        // Against 05's 合计 row: 基本支出 小计, 人员经费 (301 + 303), 公用经费 (302 + 310).
        let t05 = &b.t05.1[0].amounts;
        let sum = |cs: &[usize]| cs.iter().filter_map(|&c| t05[c]).sum::<Decimal>();
        assert_eq!(
            [sum(&[1]), sum(&[2, 3]), sum(&[4, 5])],
            rows[0].amounts.map(Option::unwrap),
            "06 against 05"
        );
        b.t06 = Some((meta("预算06表", "2024年一般公共预算基本支出情况表", vec![]), rows));
    }

    // 3. The 部门名称 line says "本级" (the seed's unit suffix) in most tables; the disclosure
    //    must name the department the same way everywhere (11 already does).
    let (m06, _) = b.t06.as_mut().unwrap();
    for m in [
        &mut b.t01.0, &mut b.t02.0, &mut b.t03.0, &mut b.t04.0, &mut b.t05.0, m06,
        &mut b.t07.0, &mut b.t08.0, &mut b.t09.0, &mut b.t10.0, &mut b.t11.0, &mut b.t12.0,
    ] {
        m.dept_label = DEPT;
    }

    // 4. Class lines under the 2024 function classification's names. 01 kept three
    //    pre-2019 names; 04 kept the same three plus "文化体育旅游" for 207's "文化旅游体育",
    //    and the stale line （九）医疗卫生与计划生育支出 (abolished; 卫生健康支出 is already
    //    （十）), where 01 has 九、社会保险基金支出: 04 gets that line in its place. All these
    //    lines are blank, so no amount moves.
    {
        let right = &mut b.t01.1.right;
        relabel(right, "十二、城乡社区事务", "十二、城乡社区支出");
        relabel(right, "十三、农林水事务", "十三、农林水支出");
        relabel(right, "十五、资源勘探信息等", "十五、资源勘探工业信息等支出");
        let right = &mut b.t04.1.right;
        relabel(right, "（七）文化体育旅游与传媒支出", "（七）文化旅游体育与传媒支出");
        relabel(right, "（九）医疗卫生与计划生育支出", "（九）社会保险基金支出");
        relabel(right, "（十二）城乡社区事务支出", "（十二）城乡社区支出");
        relabel(right, "（十三）农林水事务支出", "（十三）农林水支出");
        relabel(right, "（十五）资源勘探信息等支出", "（十五）资源勘探工业信息等支出");
    }

    // 5. 10's total row has no label; every other table prints "合计" on it.
    for row in &mut b.t10.1 {
        if let Key::Total { label } = &mut row.key {
            *label = "合计";
        }
    }

    // 6. 12's department row 047 has no name; it is the department itself (047001 below it
    //    is its 本级 unit).
    let row = b.t12.1.iter_mut().find(|p| p.code == "047").expect("12 has a 047 row");
    row.name = DEPT;

    b
}

// ════════════════════════════════════════════════════════════════════════════════════════
// Sheet helper shared by both layouts
// ════════════════════════════════════════════════════════════════════════════════════════

/// A header cell relative to the first header row: (row, col, last_row, last_col, label).
type H = (u32, u16, u32, u16, &'static str);

/// How an amount is stored.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// A number cell.
    Num,
    /// A number cell, and 0 where the table has a blank.
    ZeroFilled,
    /// Text with thousands separators: "506,500.00".
    Thousands,
    /// Text with surrounding spaces: " 86000.00 ".
    Padded,
    /// Text in full-width characters: "５０６，５００．００".
    FullWidth,
}

struct Fmts {
    code: Format,
    title: Format,
    subtitle: Format,
    info: Format,
    info_right: Format,
    header: Format,
    text: Format,
    wrap: Format,
    amount: Format,
    amount_text: Format,
    blank: Format,
    note: Format,
}

fn fmts(number_format: &str) -> Fmts {
    let base = Format::new().set_font_name("宋体").set_font_size(10);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    Fmts {
        code: base.clone(),
        title: base
            .clone()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        subtitle: base.clone().set_align(FormatAlign::Center),
        info: base.clone(),
        info_right: base.clone().set_align(FormatAlign::Right),
        header: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        text: cell.clone(),
        wrap: cell.clone().set_text_wrap(),
        amount: cell.clone().set_num_format(number_format),
        amount_text: cell.clone().set_align(FormatAlign::Right),
        blank: cell,
        note: base.set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Display width: two cells for a CJK or full-width character.
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2.0 } else { 1.0 })
        .sum()
}

/// Widest column we make; longer text wraps.
const MAX_W: f64 = 44.0;

/// "506500.00" with two decimals.
fn plain(d: Decimal) -> String {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d.to_string()
}

/// "506,500.00".
fn thousands(d: Decimal) -> String {
    let s = plain(d);
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}

/// ASCII digits and punctuation to their full-width forms.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | ',' | '.' | '-' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

/// A worksheet being written, with the column widths and wrapped rows seen so far.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Fmts,
    /// Multiplier applied to every amount (1 for 万元, 10000 for 元).
    scale: Decimal,
    widths: Vec<f64>,
    /// Wrapped text over columns c1..=c2 of a row: (row, c1, c2, text width).
    wrapped: Vec<(u32, u16, u16, f64)>,
}

impl<'a> Sheet<'a> {
    fn new(wb: &'a mut Workbook, name: &str, f: &'a Fmts, scale: Decimal, ncols: u16) -> Res<Self> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            f,
            scale,
            widths: vec![0.0; ncols as usize],
            wrapped: vec![],
        })
    }

    fn last(&self) -> u16 {
        self.widths.len() as u16 - 1
    }

    fn track(&mut self, c: u16, w: f64) {
        let slot = &mut self.widths[c as usize];
        *slot = slot.max(w.min(MAX_W));
    }

    /// Bordered blank cells across a body row, so that the grid looks printed.
    fn frame(&mut self, r: u32) -> Res {
        for c in 0..=self.last() {
            self.ws.write_blank(r, c, &self.f.blank)?;
        }
        Ok(())
    }

    /// A bordered text cell (wrapped when long); "" leaves the cell blank.
    fn text(&mut self, r: u32, c: u16, s: &str) -> Res {
        if s.is_empty() {
            return Ok(());
        }
        let f = self.f;
        let w = width(s);
        if w > MAX_W {
            self.ws.write_string_with_format(r, c, s, &f.wrap)?;
            self.wrapped.push((r, c, c, w));
        } else {
            self.ws.write_string_with_format(r, c, s, &f.text)?;
        }
        self.track(c, w);
        Ok(())
    }

    /// Text over r1..=r2 × c1..=c2, merged when that is more than one cell.
    fn span(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, s: &str, fmt: &Format) -> Res {
        if r1 == r2 && c1 == c2 {
            self.ws.write_string_with_format(r1, c1, s, fmt)?;
        } else {
            self.ws.merge_range(r1, c1, r2, c2, s, fmt)?;
        }
        if c1 == c2 {
            self.track(c1, width(s));
        }
        Ok(())
    }

    /// Long text merged over columns c1..=c2 of one row, wrapped.
    fn wide(&mut self, r: u32, c1: u16, c2: u16, s: &str) -> Res {
        let f = self.f;
        self.span(r, c1, r, c2, s, &f.wrap)?;
        self.wrapped.push((r, c1, c2, width(s)));
        Ok(())
    }

    /// Header cells relative to row `top`; returns the first row after the header.
    fn header(&mut self, top: u32, cells: &[H]) -> Res<u32> {
        let f = self.f;
        let mut end = top;
        for &(r1, c1, r2, c2, s) in cells {
            if r1 == r2 && c1 == c2 {
                self.ws
                    .write_string_with_format(top + r1, c1, s, &f.header)?;
            } else {
                self.ws
                    .merge_range(top + r1, c1, top + r2, c2, s, &f.header)?;
            }
            if c1 == c2 {
                self.track(c1, width(s).min(12.0)); // header text may wrap
            }
            end = end.max(top + r2 + 1);
        }
        Ok(end)
    }

    /// A "栏次" row: the label in column A (when `label`) and 1, 2, … over `cols`.
    fn column_numbers(
        &mut self,
        r: u32,
        label: bool,
        cols: std::ops::RangeInclusive<u16>,
    ) -> Res<u32> {
        let f = self.f;
        self.frame(r)?;
        if label {
            self.ws.write_string_with_format(r, 0, "栏次", &f.header)?;
        }
        for (i, c) in cols.enumerate() {
            self.ws
                .write_number_with_format(r, c, (i + 1) as f64, &f.header)?;
        }
        Ok(r + 1)
    }

    /// An amount (given in 万元, scaled to the sheet's unit) stored as `style` says.
    fn amount(&mut self, r: u32, c: u16, v: Amt, style: Style) -> Res {
        let f = self.f;
        let Some(d) = v.map(|d| d * self.scale) else {
            if style == Style::ZeroFilled {
                self.ws.write_number_with_format(r, c, 0.0, &f.amount)?;
            }
            return Ok(());
        };
        let s = match style {
            Style::Num | Style::ZeroFilled => {
                self.ws.write_with_format(r, c, d, &f.amount)?;
                self.track(c, width(&thousands(d)) + 2.0);
                return Ok(());
            }
            Style::Thousands => thousands(d),
            Style::Padded => format!(" {} ", plain(d)),
            Style::FullWidth => full_width(&thousands(d)),
        };
        self.ws.write_string_with_format(r, c, &s, &f.amount_text)?;
        self.track(c, width(&s) + 2.0);
        Ok(())
    }

    /// Notes merged across the table from row `r`; returns the row after them.
    fn notes(&mut self, mut r: u32, notes: &[&str]) -> Res<u32> {
        let f = self.f;
        let last = self.last();
        for n in notes {
            self.ws.merge_range(r, 0, r, last, n, &f.note)?;
            self.wrapped.push((r, 0, last, width(n)));
            r += 1;
        }
        Ok(r)
    }

    /// A title merged across the table in row `r`.
    fn title(&mut self, r: u32, s: &str) -> Res {
        let f = self.f;
        let last = self.last();
        self.ws.merge_range(r, 0, r, last, s, &f.title)?;
        self.ws.set_row_height(r, 24)?;
        Ok(())
    }

    /// Sets column widths and the heights of rows holding wrapped text.
    fn finish(self) -> Res {
        let widths: Vec<f64> = self
            .widths
            .iter()
            .map(|w| (w + 2.0).clamp(6.0, MAX_W + 2.0))
            .collect();
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        let mut lines: std::collections::BTreeMap<u32, f64> = Default::default();
        for (r, c1, c2, w) in self.wrapped {
            let room: f64 = widths[c1 as usize..=c2 as usize].iter().sum::<f64>() - 1.0;
            let n = (w / room).ceil().max(1.0);
            let slot = lines.entry(r).or_insert(1.0);
            *slot = slot.max(n);
        }
        for (r, n) in lines {
            self.ws.set_row_height(r, 13.5 * n + 2.0)?;
        }
        Ok(())
    }
}

/// Body of a two-sided table from row `top`: the left lines fill the first rows, the right
/// lines continue below when longer, then the footer rows. Columns: A label, B amount,
/// C label, D.. amounts. `grand_total` is the style of the last footer's left amount.
fn two_sided<const R: usize>(
    s: &mut Sheet,
    top: u32,
    t: &TwoSided<R>,
    style: Style,
    grand_total: Style,
) -> Res<u32> {
    let mut r = top;
    for i in 0..t.left.len().max(t.right.len()) {
        s.frame(r)?;
        if let Some((label, v)) = t.left.get(i) {
            s.text(r, 0, label)?;
            s.amount(r, 1, *v, style)?;
        }
        if let Some((label, vs)) = t.right.get(i) {
            s.text(r, 2, label)?;
            for (k, v) in vs.iter().enumerate() {
                s.amount(r, 3 + k as u16, *v, style)?;
            }
        }
        r += 1;
    }
    for (i, (left, lv, right, rv)) in t.footer.iter().enumerate() {
        s.frame(r)?;
        let last = i + 1 == t.footer.len();
        s.text(r, 0, left)?;
        s.amount(r, 1, *lv, if last { grand_total } else { style })?;
        s.text(r, 2, right)?;
        for (k, v) in rv.iter().enumerate() {
            s.amount(r, 3 + k as u16, *v, style)?;
        }
        r += 1;
    }
    Ok(r)
}

/// Table 11's body from row `top` over five columns A..E (both layouts).
/// `merge_levels`: 一级/二级 indicator cells merged over their rows (seed) or repeated.
fn performance_body(
    s: &mut Sheet,
    top: u32,
    p: &Performance,
    total_label: &str,
    merge_levels: bool,
) -> Res<u32> {
    let f = s.f;
    let mut r = top;

    s.frame(r)?;
    s.text(r, 0, "年度履职目标")?;
    s.wide(r, 1, 4, p.goal)?;
    r += 1;

    let n = 1 + p.tasks.len() as u32;
    for i in 0..n {
        s.frame(r + i)?;
    }
    s.span(r, 0, r + n - 1, 0, "年度主要任务", &f.text)?;
    s.span(r, 1, r, 2, "任务名称", &f.header)?;
    s.span(r, 3, r, 4, "主要内容", &f.header)?;
    for (i, (name, content)) in p.tasks.iter().enumerate() {
        let q = r + 1 + i as u32;
        s.span(q, 1, q, 2, name, &f.text)?;
        s.wide(q, 3, 4, content)?;
    }
    r += n;

    let n = 1 + (p.sources.len() + p.structure.len()) as u32;
    for i in 0..n {
        s.frame(r + i)?;
    }
    s.span(r, 0, r + n - 1, 0, "预算情况", &f.text)?;
    s.span(r, 1, r, 2, total_label, &f.text)?;
    s.span(r, 3, r, 4, "", &f.amount)?;
    s.amount(r, 3, p.total, Style::Num)?;
    let mut q = r + 1;
    for (label, lines) in [
        ("1、资金来源：", &p.sources),
        ("2、资金结构：", &p.structure),
    ] {
        s.span(q, 1, q + lines.len() as u32 - 1, 1, label, &f.text)?;
        for (name, v) in lines.iter() {
            s.text(q, 2, name)?;
            s.span(q, 3, q, 4, "", &f.amount)?;
            s.amount(q, 3, *v, Style::Num)?;
            q += 1;
        }
    }
    r = q;

    r = s.header(
        r,
        &[
            (0, 0, 0, 0, "一级指标"),
            (0, 1, 0, 1, "二级指标"),
            (0, 2, 0, 2, "三级指标"),
            (0, 3, 0, 3, "指标值"),
            (0, 4, 0, 4, "指标值说明"),
        ],
    )?;
    let first = r;
    for ind in &p.indicators {
        s.frame(r)?;
        for (k, v) in ind.iter().enumerate().skip(2) {
            s.text(r, k as u16, v)?;
        }
        if !merge_levels {
            s.text(r, 0, ind[0])?;
            s.text(r, 1, ind[1])?;
        }
        r += 1;
    }
    if merge_levels {
        // Merge runs of equal 一级 (column A) and equal 一级+二级 (column B).
        for level in 0..2usize {
            let mut start = 0;
            let rows = &p.indicators;
            for i in 1..=rows.len() {
                let same = i < rows.len() && (0..=level).all(|k| rows[i][k] == rows[start][k]);
                if !same {
                    let label = rows[start][level];
                    if !label.is_empty() {
                        let (r1, r2) = (first + start as u32, first + i as u32 - 1);
                        s.span(r1, level as u16, r2, level as u16, label, &f.text)?;
                    }
                    start = i;
                }
            }
        }
    }
    Ok(r)
}

/// Header of table 12 (both layouts); `amount_label` is "项目金额（万元）" or "项目金额（元）".
fn performance_rows_header(amount_label: &'static str) -> Vec<H> {
    let mut h: Vec<H> = vec![
        (0, 0, 2, 0, "单位编码（项目编码）"),
        (0, 1, 2, 1, "项目单位（项目名称）"),
        (0, 2, 1, 5, amount_label),
        (0, 6, 0, 13, "绩效目标"),
        (1, 6, 1, 7, "成本指标"),
        (1, 8, 1, 9, "产出指标"),
        (1, 10, 1, 11, "效益指标"),
        (1, 12, 1, 13, "满意度指标"),
        (2, 2, 2, 2, "资金总额"),
        (2, 3, 2, 3, "政府预算资金"),
        (2, 4, 2, 4, "财政专户管理资金"),
        (2, 5, 2, 5, "单位资金"),
    ];
    for k in 0..4u16 {
        h.push((2, 6 + 2 * k, 2, 6 + 2 * k, "三级指标"));
        h.push((2, 7 + 2 * k, 2, 7 + 2 * k, "指标值"));
    }
    h
}

/// Table 12's row blocks from row `top` (both layouts): A code, B name, C..F amounts, then
/// (三级指标, 指标值) pairs for 成本 G:H, 产出 I:J, 效益 K:L, 满意度 M:N. A project with several
/// indicator lines takes one row per line, A..F merged vertically over them.
fn performance_rows(s: &mut Sheet, top: u32, rows: &[&PerfRow]) -> Res<u32> {
    let f = s.f;
    let mut r = top;
    for p in rows {
        let n = p.lines.len().max(1) as u32;
        let end = r + n - 1;
        for i in 0..n {
            s.frame(r + i)?;
        }
        s.span(r, 0, end, 0, p.code, &f.text)?;
        s.span(r, 1, end, 1, p.name, &f.text)?;
        for (i, v) in p.amounts.iter().enumerate() {
            let c = 2 + i as u16;
            if n > 1 {
                s.span(r, c, end, c, "", &f.amount)?;
            }
            s.amount(r, c, *v, Style::Num)?;
        }
        for (i, line) in p.lines.iter().enumerate() {
            for (k, cell) in line.iter().enumerate() {
                if let Some((indicator, value)) = cell {
                    s.text(r + i as u32, 6 + 2 * k as u16, indicator)?;
                    s.text(r + i as u32, 7 + 2 * k as u16, value)?;
                }
            }
        }
        r += n;
    }
    Ok(r)
}

/// The workbook with the fixed creation time that makes reruns byte-identical.
fn new_workbook() -> Res<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}

// ════════════════════════════════════════════════════════════════════════════════════════
// Layout 1: the seed's own export (budget.xlsx)
// ════════════════════════════════════════════════════════════════════════════════════════

/// How the seed prints the unit on row 3.
enum SeedUnit {
    /// "单位：万元" in the last column.
    Joined,
    /// "单位：" and "万元" in the last two columns (02, 07).
    Split,
    /// No unit line (12: the unit is in the header).
    Absent,
}

/// Rows 1–3: table code, merged title, "部门名称：…" and the unit. Returns the next row.
fn seed_preamble(s: &mut Sheet, m: &Meta, unit: SeedUnit) -> Res<u32> {
    let f = s.f;
    let last = s.last();
    s.ws.write_string_with_format(0, 0, m.code, &f.code)?;
    s.title(1, m.title)?;
    s.ws.write_string_with_format(2, 0, format!("部门名称：{}", m.dept_label), &f.info)?;
    match unit {
        SeedUnit::Joined => {
            s.ws.write_string_with_format(2, last, "单位：万元", &f.info_right)?;
        }
        SeedUnit::Split => {
            s.ws.write_string_with_format(2, last - 1, "单位：", &f.info_right)?;
            s.ws.write_string_with_format(2, last, "万元", &f.info)?;
        }
        SeedUnit::Absent => {}
    }
    Ok(3)
}

/// 03/05/09: A:C 类|款|项, D 单位代码, E 单位（科目名称）, F.. the nine amounts.
#[rustfmt::skip]
const FN_HEADER_SEED: &[H] = &[
    (0, 0, 1, 2, "科目编码"),
    (0, 3, 2, 3, "单位代码"),
    (0, 4, 2, 4, "单位（科目名称）"),
    (0, 5, 2, 5, "合计"),
    (0, 6, 0, 10, "基本支出"),
    (0, 11, 0, 13, "项目支出"),
    (1, 6, 2, 6, "小计"),
    (1, 7, 1, 8, "人员经费"),
    (1, 9, 1, 10, "公用经费"),
    (1, 11, 2, 11, "小计"),
    (1, 12, 2, 12, "其他运转类"),
    (1, 13, 2, 13, "特定目标类"),
    (2, 0, 2, 0, "类"),
    (2, 1, 2, 1, "款"),
    (2, 2, 2, 2, "项"),
    (2, 7, 2, 7, "工资福利支出"),
    (2, 8, 2, 8, "对个人和家庭的补助"),
    (2, 9, 2, 9, "商品和服务支出"),
    (2, 10, 2, 10, "资本性支出"),
];

#[rustfmt::skip]
const INCOME_HEADER_SEED: &[H] = &[
    (0, 0, 2, 0, "部门（单位）代码"),
    (0, 1, 2, 1, "部门（单位）名称"),
    (0, 2, 2, 2, "总计"),
    (0, 3, 0, 13, "本年收入"),
    (0, 14, 0, 19, "上年结转结余"),
    (1, 3, 2, 3, "合计"),
    (1, 4, 1, 5, "一般公共预算"),
    (1, 6, 2, 6, "政府性基金"),
    (1, 7, 2, 7, "国有资本经营预算"),
    (1, 8, 2, 8, "财政专户管理资金收入"),
    (1, 9, 2, 9, "事业收入"),
    (1, 10, 2, 10, "事业单位经营收入"),
    (1, 11, 2, 11, "上级补助收入"),
    (1, 12, 2, 12, "附属单位上缴收入"),
    (1, 13, 2, 13, "其他收入"),
    (1, 14, 2, 14, "合计"),
    (1, 15, 2, 15, "一般公共预算"),
    (1, 16, 2, 16, "政府性基金"),
    (1, 17, 2, 17, "国有资本经营预算"),
    (1, 18, 2, 18, "财政专户管理资金"),
    (1, 19, 2, 19, "单位资金"),
    (2, 4, 2, 4, "小计"),
    (2, 5, 2, 5, "其中：财政拨款"),
];

#[rustfmt::skip]
const ECON_HEADER_SEED: &[H] = &[
    (0, 0, 0, 2, "部门预算经济分类"),
    (0, 3, 0, 5, "政府预算经济分类"),
    (0, 6, 1, 6, "总计"),
    (0, 7, 0, 8, "一般公共预算"),
    (0, 9, 1, 9, "政府性基金"),
    (0, 10, 1, 10, "国有资本经营预算"),
    (0, 11, 1, 11, "上年结转结余"),
    (0, 12, 1, 12, "财政专户管理资金收入"),
    (0, 13, 1, 13, "事业收入"),
    (0, 14, 1, 14, "上级补助收入"),
    (0, 15, 1, 15, "附属单位上缴收入"),
    (0, 16, 1, 16, "事业单位经营收入"),
    (0, 17, 1, 17, "其他收入"),
    (1, 0, 1, 0, "类"),
    (1, 1, 1, 1, "款"),
    (1, 2, 1, 2, "科目名称"),
    (1, 3, 1, 3, "类"),
    (1, 4, 1, 4, "款"),
    (1, 5, 1, 5, "科目名称"),
    (1, 7, 1, 7, "小计"),
    (1, 8, 1, 8, "其中：财政拨款"),
];

/// 06: A:B 类|款 and C 科目名称 under 部门预算经济分类, then 合计, 人员经费, 公用经费.
#[rustfmt::skip]
const BASIC_HEADER_SEED: &[H] = &[
    (0, 0, 0, 2, "部门预算经济分类"),
    (0, 3, 1, 3, "合计"),
    (0, 4, 1, 4, "人员经费"),
    (0, 5, 1, 5, "公用经费"),
    (1, 0, 1, 0, "类"),
    (1, 1, 1, 1, "款"),
    (1, 2, 1, 2, "科目名称"),
];

#[rustfmt::skip]
const SANGONG_HEADER: &[H] = &[
    (0, 0, 1, 0, "“三公”经费合计"),
    (0, 1, 1, 1, "因公出国（境）费"),
    (0, 2, 0, 4, "公务用车购置及运行费"),
    (0, 5, 1, 5, "公务接待费"),
    (1, 2, 1, 2, "小计"),
    (1, 3, 1, 3, "公务用车购置费"),
    (1, 4, 1, 4, "公务用车运行费"),
];

/// 10 in both layouts (vendor B renames 类型 to 项目类型).
fn project_header(kind_label: &'static str) -> Vec<H> {
    vec![
        (0, 0, 1, 0, kind_label),
        (0, 1, 1, 1, "项目名称"),
        (0, 2, 1, 2, "项目单位"),
        (0, 3, 1, 3, "合计"),
        (0, 4, 0, 6, "本年拨款"),
        (0, 7, 0, 9, "财政拨款结转结余"),
        (0, 10, 1, 10, "财政专户管理资金"),
        (0, 11, 1, 11, "单位资金"),
        (1, 4, 1, 4, "一般公共预算"),
        (1, 5, 1, 5, "政府性基金预算"),
        (1, 6, 1, 6, "国有资本经营预算"),
        (1, 7, 1, 7, "一般公共预算"),
        (1, 8, 1, 8, "政府性基金预算"),
        (1, 9, 1, 9, "国有资本经营预算"),
    ]
}

/// Writes `budget.xlsx`: the seed's tables as its finance system exported them.
fn write_seed_layout(b: &Budget, path: &Path) -> Res {
    let f = fmts("0.00");
    let one = Decimal::ONE;
    let mut wb = new_workbook()?;

    // 01
    {
        let (m, t) = &b.t01;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 4)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
        let r = s.header(
            r,
            &[
                (0, 0, 0, 1, "收入"),
                (0, 2, 0, 3, "支出"),
                (1, 0, 1, 0, "项目"),
                (1, 1, 1, 1, "金额"),
                (1, 2, 1, 2, "项目"),
                (1, 3, 1, 3, "金额"),
            ],
        )?;
        let r = two_sided(&mut s, r, t, Style::Num, Style::Num)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 02
    {
        let (m, rows) = &b.t02;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 20)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Split)?;
        let mut r = s.header(r, INCOME_HEADER_SEED)?;
        for row in rows {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.span(r, 0, r, 1, label, &f.text)?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                _ => unreachable!("02 holds totals and units"),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 2 + i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 03, 04, 05 in the seed's order
    seed_function_table(&mut wb, &f, &b.t03)?;
    {
        let (m, t) = &b.t04;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 8)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
        let r = s.header(
            r,
            &[
                (0, 0, 0, 1, "收入"),
                (0, 2, 0, 7, "支出"),
                (1, 0, 2, 0, "项 目"),
                (1, 1, 2, 1, "金 额"),
                (1, 2, 2, 2, "项 目"),
                (1, 3, 2, 3, "合计"),
                (1, 4, 1, 5, "一般公共预算"),
                (1, 6, 2, 6, "政府性基金"),
                (1, 7, 2, 7, "国有资本经营预算"),
                (2, 4, 2, 4, "小计"),
                (2, 5, 2, 5, "其中：财政拨款"),
            ],
        )?;
        let r = two_sided(&mut s, r, t, Style::Num, Style::Num)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    seed_function_table(&mut wb, &f, &b.t05)?;
    // 06, when the data has it (the seed does not)
    if let Some((m, rows)) = &b.t06 {
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 6)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
        let mut r = s.header(r, BASIC_HEADER_SEED)?;
        for row in rows {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.span(r, 0, r, 2, label, &f.text)?,
                Key::DeptEconomic { dept } => {
                    for (c, v) in [dept.class, dept.kind, dept.name].into_iter().enumerate() {
                        s.text(r, c as u16, v)?;
                    }
                }
                _ => unreachable!("06 holds totals and economic codes"),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 3 + i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 07
    {
        let (m, rows) = &b.t07;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 18)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Split)?;
        let mut r = s.header(r, ECON_HEADER_SEED)?;
        for row in rows {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.span(r, 0, r, 5, label, &f.text)?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 2, name)?;
                }
                Key::Economic { dept, gov } => {
                    for (c, v) in [
                        dept.class, dept.kind, dept.name, gov.class, gov.kind, gov.name,
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        s.text(r, c as u16, v)?;
                    }
                }
                _ => unreachable!("07 holds totals, units and economic codes"),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 6 + i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 08: header, no rows, notes
    {
        let (m, rows) = &b.t08;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 6)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
        let mut r = s.header(r, SANGONG_HEADER)?;
        for row in rows {
            s.frame(r)?;
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    seed_function_table(&mut wb, &f, &b.t09)?;
    // 10
    {
        let (m, rows) = &b.t10;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 12)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
        let mut r = s.header(r, &project_header("类型"))?;
        for row in rows {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, label)?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                Key::Project { kind, name, unit } => {
                    s.text(r, 0, kind)?;
                    s.text(r, 1, name)?;
                    s.text(r, 2, unit)?;
                }
                _ => unreachable!("10 holds totals, units and projects"),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 3 + i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 11: code, title, subtitle, 部门名称 (no unit line)
    {
        let (m, p) = &b.t11;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 5)?;
        s.ws.write_string_with_format(0, 0, m.code, &f.code)?;
        s.title(1, m.title)?;
        s.ws.merge_range(2, 0, 2, 4, m.subtitle.unwrap_or(""), &f.subtitle)?;
        s.ws.write_string_with_format(3, 0, format!("部门名称：{}", m.dept_label), &f.info)?;
        let r = performance_body(&mut s, 4, p, "部门预算总额（万元）", true)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }
    // 12
    {
        let (m, rows) = &b.t12;
        let mut s = Sheet::new(&mut wb, m.code, &f, one, 14)?;
        let r = seed_preamble(&mut s, m, SeedUnit::Absent)?;
        let r = s.header(r, &performance_rows_header("项目金额（万元）"))?;
        let rows: Vec<&PerfRow> = rows.iter().collect();
        let r = performance_rows(&mut s, r, &rows)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    wb.save(path)?;
    Ok(())
}

/// 03, 05 and 09 in the seed layout.
fn seed_function_table(wb: &mut Workbook, f: &Fmts, (m, rows): &(Meta, Vec<Row<9>>)) -> Res {
    let mut s = Sheet::new(wb, m.code, f, Decimal::ONE, 14)?;
    let r = seed_preamble(&mut s, m, SeedUnit::Joined)?;
    let mut r = s.header(r, FN_HEADER_SEED)?;
    for row in rows {
        s.frame(r)?;
        match &row.key {
            Key::Total { label } => s.span(r, 0, r, 4, label, &f.text)?,
            Key::Unit { code, name } => {
                s.text(r, 3, code)?;
                s.text(r, 4, name)?;
            }
            Key::Function {
                class,
                kind,
                item,
                name,
            } => {
                s.text(r, 0, class)?;
                s.text(r, 1, kind)?;
                s.text(r, 2, item)?;
                s.text(r, 4, name)?;
            }
            _ => unreachable!("function tables hold totals, units and function codes"),
        }
        for (i, v) in row.amounts.iter().enumerate() {
            s.amount(r, 5 + i as u16, *v, Style::Num)?;
        }
        r += 1;
    }
    s.notes(r, &m.notes)?;
    s.finish()
}

// ════════════════════════════════════════════════════════════════════════════════════════
// Layout 2: vendor B (budget-vendor-b.xlsx), amounts in 元
// ════════════════════════════════════════════════════════════════════════════════════════

/// How vendor B starts a sheet.
enum Preamble {
    /// Row 1 department name (merged), row 2 title (merged), row 3 blank,
    /// row 4 "部门名称：…" in A and the unit in the last column.
    DeptFirst,
    /// Row 1 title (merged), row 2 "部门名称：…" in A and the unit in the last column.
    TitleFirst,
}

/// Writes vendor B's preamble; returns the first header row.
fn vendor_preamble(
    s: &mut Sheet,
    b: &Budget,
    m: &Meta,
    title: &str,
    unit: &str,
    kind: Preamble,
) -> Res<u32> {
    let f = s.f;
    let last = s.last();
    let mut r = 0;
    if let Preamble::DeptFirst = kind {
        s.ws.merge_range(0, 0, 0, last, b.dept_name, &f.subtitle)?;
        r = 1;
    }
    s.title(r, title)?;
    r += if let Preamble::DeptFirst = kind { 2 } else { 1 };
    s.ws.write_string_with_format(r, 0, format!("部门名称：{}", m.dept_label), &f.info)?;
    s.ws.write_string_with_format(r, last, unit, &f.info_right)?;
    Ok(r + 1)
}

/// "预算03表 2024年部门支出总体情况表".
fn with_code(m: &Meta) -> String {
    format!("{} {}", m.code, m.title)
}

/// "部门支出总体情况表".
fn without_year(m: &Meta) -> &str {
    m.title.strip_prefix(YEAR_PREFIX).unwrap_or(m.title)
}

/// The rows with the total rows moved to the end (order otherwise kept).
fn totals_last<const R: usize>(rows: &[Row<R>]) -> Vec<&Row<R>> {
    let is_total = |r: &&Row<R>| matches!(r.key, Key::Total { .. });
    let mut out: Vec<&Row<R>> = rows.iter().filter(|r| !is_total(r)).collect();
    out.extend(rows.iter().filter(is_total));
    out
}

/// Vendor B's label for a total row (it labels 10's unlabelled total "合计").
fn total_label(label: &str) -> &str {
    if label.is_empty() {
        "合计"
    } else {
        label
    }
}

/// Writes `budget-vendor-b.xlsx`: the same data as another vendor exports it.
fn write_vendor_b(b: &Budget, path: &Path) -> Res {
    // Vendor B renders the seed, which has no 06; there is no 06 writer for this layout.
    assert!(b.t06.is_none(), "vendor B layout has no 06 writer");
    let f = fmts("#,##0.00");
    let yuan = dec!(10000);
    let mut wb = new_workbook()?;

    // Sheet1: 07. Code columns first (5-digit codes), amounts reordered, 总计 last,
    // a 栏次 row, unit row, then rows sorted by 部门预算 code, 合计 last.
    {
        let (m, rows) = &b.t07;
        let mut s = Sheet::new(&mut wb, "Sheet1", &f, yuan, 16)?;
        let r = vendor_preamble(
            &mut s,
            b,
            m,
            &with_code(m),
            "单位： 元",
            Preamble::DeptFirst,
        )?;
        let r = s.header(
            r,
            &[
                (0, 0, 0, 1, "部门预算经济分类"),
                (0, 2, 0, 3, "政府预算经济分类"),
                (0, 4, 0, 5, "一般公共预算"),
                (0, 6, 1, 6, "政府性基金"),
                (0, 7, 1, 7, "国有资本经营预算"),
                (0, 8, 1, 8, "财政专户管理资金收入"),
                (0, 9, 1, 9, "事业收入"),
                (0, 10, 1, 10, "事业单位经营收入"),
                (0, 11, 1, 11, "上级补助收入"),
                (0, 12, 1, 12, "附属单位上缴收入"),
                (0, 13, 1, 13, "其他收入"),
                (0, 14, 1, 14, "上年结转结余"),
                (0, 15, 1, 15, "总计"),
                (1, 0, 1, 0, "科目编码"),
                (1, 1, 1, 1, "科目名称"),
                (1, 2, 1, 2, "科目编码"),
                (1, 3, 1, 3, "科目名称"),
                (1, 4, 1, 4, "小计"),
                (1, 5, 1, 5, "其中：财政拨款"),
            ],
        )?;
        let mut r = s.column_numbers(r, true, 4..=15)?;
        // Data index of each amount column E..P.
        const ORDER: [usize; 12] = [1, 2, 3, 4, 6, 7, 10, 8, 9, 11, 5, 0];
        let mut ordered: Vec<&Row<12>> = rows
            .iter()
            .filter(|r| matches!(r.key, Key::Unit { .. }))
            .collect();
        let mut items: Vec<&Row<12>> = rows
            .iter()
            .filter(|r| matches!(r.key, Key::Economic { .. }))
            .collect();
        items.sort_by_key(|r| match &r.key {
            Key::Economic { dept, .. } => format!("{}{}", dept.class, dept.kind),
            _ => String::new(),
        });
        ordered.extend(items);
        ordered.extend(rows.iter().filter(|r| matches!(r.key, Key::Total { .. })));
        for row in ordered {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, total_label(label))?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                Key::Economic { dept, gov } => {
                    s.text(r, 0, &format!("{}{}", dept.class, dept.kind))?;
                    s.text(r, 1, dept.name)?;
                    s.text(r, 2, &format!("{}{}", gov.class, gov.kind))?;
                    s.text(r, 3, gov.name)?;
                }
                _ => unreachable!(),
            }
            for (c, i) in ORDER.iter().enumerate() {
                s.amount(r, 4 + c as u16, row.amounts[*i], Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet2: 01. Title first, one header row, 收入总计 in full-width text.
    {
        let (m, t) = &b.t01;
        let mut s = Sheet::new(&mut wb, "Sheet2", &f, yuan, 4)?;
        let r = vendor_preamble(&mut s, b, m, m.title, "单位:元", Preamble::TitleFirst)?;
        let r = s.header(
            r,
            &[
                (0, 0, 0, 0, "收入项目"),
                (0, 1, 0, 1, "预算数"),
                (0, 2, 0, 2, "支出项目"),
                (0, 3, 0, 3, "预算数"),
            ],
        )?;
        let r = two_sided(&mut s, r, t, Style::Num, Style::FullWidth)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet3: 12. Title first, 项目金额（元）, projects first, then 047001, then 047.
    {
        let (m, rows) = &b.t12;
        let mut s = Sheet::new(&mut wb, "Sheet3", &f, yuan, 14)?;
        let r = vendor_preamble(&mut s, b, m, m.title, "单位:元", Preamble::TitleFirst)?;
        let r = s.header(r, &performance_rows_header("项目金额（元）"))?;
        let mut ordered: Vec<&PerfRow> = rows.iter().filter(|p| !p.lines.is_empty()).collect();
        ordered.extend(rows.iter().filter(|p| p.lines.is_empty()).rev());
        let r = performance_rows(&mut s, r, &ordered)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet4: 03. 单位代码 first, 7-digit code and 科目名称 columns, 项目支出 before 基本支出,
    // 合计 last.
    {
        let (m, rows) = &b.t03;
        let mut s = Sheet::new(&mut wb, "Sheet4", &f, yuan, 12)?;
        let r = vendor_preamble(&mut s, b, m, &with_code(m), "单位:元", Preamble::DeptFirst)?;
        let mut r = s.header(
            r,
            &[
                (0, 0, 2, 0, "单位代码"),
                (0, 1, 2, 1, "科目编码"),
                (0, 2, 2, 2, "科目名称"),
                (0, 3, 2, 3, "合计"),
                (0, 4, 0, 6, "项目支出"),
                (0, 7, 0, 11, "基本支出"),
                (1, 4, 2, 4, "小计"),
                (1, 5, 2, 5, "其他运转类"),
                (1, 6, 2, 6, "特定目标类"),
                (1, 7, 2, 7, "小计"),
                (1, 8, 1, 9, "人员经费"),
                (1, 10, 1, 11, "公用经费"),
                (2, 8, 2, 8, "工资福利支出"),
                (2, 9, 2, 9, "对个人和家庭的补助"),
                (2, 10, 2, 10, "商品和服务支出"),
                (2, 11, 2, 11, "资本性支出"),
            ],
        )?;
        const ORDER: [usize; 9] = [0, 6, 7, 8, 1, 2, 3, 4, 5];
        for row in totals_last(rows) {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, total_label(label))?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 2, name)?;
                }
                Key::Function {
                    class,
                    kind,
                    item,
                    name,
                } => {
                    s.text(r, 1, &format!("{class}{kind}{item}"))?;
                    s.text(r, 2, name)?;
                }
                _ => unreachable!(),
            }
            for (c, i) in ORDER.iter().enumerate() {
                s.amount(r, 3 + c as u16, row.amounts[*i], Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet5: 10. 项目类型, amounts as text with surrounding spaces, 合计 last and labelled.
    {
        let (m, rows) = &b.t10;
        let mut s = Sheet::new(&mut wb, "Sheet5", &f, yuan, 12)?;
        let title = format!("{} {}", m.code, without_year(m));
        let r = vendor_preamble(&mut s, b, m, &title, "单位： 元", Preamble::DeptFirst)?;
        let mut r = s.header(r, &project_header("项目类型"))?;
        for row in totals_last(rows) {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, total_label(label))?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                Key::Project { kind, name, unit } => {
                    s.text(r, 0, kind)?;
                    s.text(r, 1, name)?;
                    s.text(r, 2, unit)?;
                }
                _ => unreachable!(),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 3 + i as u16, *v, Style::Padded)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet6: 05. One "科目编码及名称" column ("2013601 行政运行", "047 中共…"), a 栏次 row,
    // 合计 last.
    {
        let (m, rows) = &b.t05;
        let mut s = Sheet::new(&mut wb, "Sheet6", &f, yuan, 10)?;
        let r = vendor_preamble(&mut s, b, m, m.title, "单位： 元", Preamble::TitleFirst)?;
        let r = s.header(
            r,
            &[
                (0, 0, 2, 0, "科目编码及名称"),
                (0, 1, 2, 1, "合计"),
                (0, 2, 0, 6, "基本支出"),
                (0, 7, 0, 9, "项目支出"),
                (1, 2, 2, 2, "小计"),
                (1, 3, 1, 4, "人员经费"),
                (1, 5, 1, 6, "公用经费"),
                (1, 7, 2, 7, "小计"),
                (1, 8, 2, 8, "其他运转类"),
                (1, 9, 2, 9, "特定目标类"),
                (2, 3, 2, 3, "工资福利支出"),
                (2, 4, 2, 4, "对个人和家庭的补助"),
                (2, 5, 2, 5, "商品和服务支出"),
                (2, 6, 2, 6, "资本性支出"),
            ],
        )?;
        let mut r = s.column_numbers(r, true, 1..=9)?;
        for row in totals_last(rows) {
            s.frame(r)?;
            let label = match &row.key {
                Key::Total { label } => total_label(label).to_string(),
                Key::Unit { code, name } => format!("{code} {name}"),
                Key::Function {
                    class,
                    kind,
                    item,
                    name,
                } => format!("{class}{kind}{item} {name}"),
                _ => unreachable!(),
            };
            s.text(r, 0, &label)?;
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 1 + i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet7: 02. Amounts as text with thousands separators, a 栏次 row, 合计 last.
    {
        let (m, rows) = &b.t02;
        let mut s = Sheet::new(&mut wb, "Sheet7", &f, yuan, 20)?;
        let r = vendor_preamble(
            &mut s,
            b,
            m,
            without_year(m),
            "单位： 元",
            Preamble::DeptFirst,
        )?;
        let mut header = INCOME_HEADER_SEED.to_vec();
        header[0].4 = "单位编码";
        header[1].4 = "单位名称";
        let r = s.header(r, &header)?;
        let mut r = s.column_numbers(r, true, 2..=19)?;
        for row in totals_last(rows) {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, total_label(label))?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                _ => unreachable!(),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 2 + i as u16, *v, Style::Thousands)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet8: 11. Title, subtitle, 部门名称 + unit; 一级/二级 repeated on every row.
    {
        let (m, p) = &b.t11;
        let mut s = Sheet::new(&mut wb, "Sheet8", &f, yuan, 5)?;
        s.title(0, m.title)?;
        s.ws.merge_range(1, 0, 1, 4, m.subtitle.unwrap_or(""), &f.subtitle)?;
        s.ws.write_string_with_format(2, 0, format!("部门名称：{}", m.dept_label), &f.info)?;
        s.ws.write_string_with_format(2, 4, "单位:元", &f.info_right)?;
        let r = performance_body(&mut s, 3, p, "部门预算总额（元）", false)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet9: 09. 7-digit code and name columns, two header rows, zeros written for blanks.
    {
        let (m, rows) = &b.t09;
        let mut s = Sheet::new(&mut wb, "Sheet9", &f, yuan, 11)?;
        let r = vendor_preamble(&mut s, b, m, m.title, "单位:元", Preamble::TitleFirst)?;
        let mut r = s.header(
            r,
            &[
                (0, 0, 1, 0, "科目编码"),
                (0, 1, 1, 1, "科目名称"),
                (0, 2, 1, 2, "合计"),
                (0, 3, 0, 7, "基本支出"),
                (0, 8, 0, 10, "项目支出"),
                (1, 3, 1, 3, "小计"),
                (1, 4, 1, 4, "工资福利支出"),
                (1, 5, 1, 5, "对个人和家庭的补助"),
                (1, 6, 1, 6, "商品和服务支出"),
                (1, 7, 1, 7, "资本性支出"),
                (1, 8, 1, 8, "小计"),
                (1, 9, 1, 9, "其他运转类"),
                (1, 10, 1, 10, "特定目标类"),
            ],
        )?;
        for row in totals_last(rows) {
            s.frame(r)?;
            match &row.key {
                Key::Total { label } => s.text(r, 0, total_label(label))?,
                Key::Unit { code, name } => {
                    s.text(r, 0, code)?;
                    s.text(r, 1, name)?;
                }
                Key::Function {
                    class,
                    kind,
                    item,
                    name,
                } => {
                    s.text(r, 0, &format!("{class}{kind}{item}"))?;
                    s.text(r, 1, name)?;
                }
                _ => unreachable!(),
            }
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, 2 + i as u16, *v, Style::ZeroFilled)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet10: 04. Flattened two-row header.
    {
        let (m, t) = &b.t04;
        let mut s = Sheet::new(&mut wb, "Sheet10", &f, yuan, 8)?;
        let title = format!("{} {}", m.code, without_year(m));
        let r = vendor_preamble(&mut s, b, m, &title, "单位:元", Preamble::DeptFirst)?;
        let r = s.header(
            r,
            &[
                (0, 0, 0, 1, "收入"),
                (0, 2, 0, 7, "支出"),
                (1, 0, 1, 0, "项目"),
                (1, 1, 1, 1, "预算数"),
                (1, 2, 1, 2, "项目"),
                (1, 3, 1, 3, "合计"),
                (1, 4, 1, 4, "一般公共预算"),
                (1, 5, 1, 5, "其中：财政拨款"),
                (1, 6, 1, 6, "政府性基金预算"),
                (1, 7, 1, 7, "国有资本经营预算"),
            ],
        )?;
        let r = two_sided(&mut s, r, t, Style::Num, Style::Num)?;
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    // Sheet11: 08. Header, no rows, notes.
    {
        let (m, rows) = &b.t08;
        let mut s = Sheet::new(&mut wb, "Sheet11", &f, yuan, 6)?;
        let r = vendor_preamble(
            &mut s,
            b,
            m,
            without_year(m),
            "单位:元",
            Preamble::DeptFirst,
        )?;
        let mut r = s.header(r, SANGONG_HEADER)?;
        for row in totals_last(rows) {
            s.frame(r)?;
            for (i, v) in row.amounts.iter().enumerate() {
                s.amount(r, i as u16, *v, Style::Num)?;
            }
            r += 1;
        }
        s.notes(r, &m.notes)?;
        s.finish()?;
    }

    wb.save(path)?;
    Ok(())
}

fn main() -> Res {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join("hongqi-2024");
    std::fs::create_dir_all(&dir)?;
    let budget = hongqi_2024();
    let seed = dir.join("budget.xlsx");
    write_seed_layout(&budget, &seed)?;
    println!("wrote {}", seed.display());
    let vendor = dir.join("budget-vendor-b.xlsx");
    write_vendor_b(&budget, &vendor)?;
    println!("wrote {}", vendor.display());
    let fixed = dir.join("budget-corrected.xlsx");
    write_seed_layout(&corrected(budget), &fixed)?;
    println!("wrote {}", fixed.display());
    Ok(())
}
