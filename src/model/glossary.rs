//! Glossary: each Chinese term of the 预算表 and its one identifier in the code. Docs only.
//!
//! | 中文 | identifier |
//! |---|---|
//! | 部门预算公开 | the product: `yusuan` |
//! | 预算表 (预算01表 … 预算12表) | `TableId::T01` … `TableId::T12` |
//! | 单位：元 / 单位：万元 | `Unit::Yuan` / `Unit::WanYuan` |
//! | 部门名称 | `Budget::department` |
//! | 预算单位 | `BudgetUnit` |
//! | 支出功能分类 类/款/项 | `FunctionCode`, `Level::{Category, Section, Item}` |
//! | 支出经济分类 (部门预算 3xx / 政府预算 5xx) | `EconomicCode`, `Scheme::{Dept, Gov}` |
//! | 合计 / 总计 | `Col::Total`, `RowKey::Total` |
//! | 基本支出 / 项目支出 | `Col::Basic` / `Col::Project` |
//! | 人员经费 | `Col::Personnel` = `WagesBenefits` (工资福利支出) + `HouseholdTransfers` (对个人和家庭的补助) |
//! | 公用经费 | `Col::PublicUse` = `GoodsServices` (商品和服务支出) + `Capital` (资本性支出) |
//! | 其他运转类 / 特定目标类 | `Col::ProjectOperating` / `Col::ProjectSpecific` |
//! | 本年收入 / 上年结转结余 | `Col::CurrentIncome` / `Col::CarryOver` |
//! | 一般公共预算 (其中：财政拨款) | `Col::GeneralBudget` (`Col::GeneralAppropriation`) |
//! | 政府性基金 / 国有资本经营预算 | `Col::GovFund` / `Col::StateCapital` |
//! | 财政专户管理资金 | `Col::FiscalSpecial` |
//! | 事业收入 / 事业单位经营收入 | `Col::Business` / `Col::BusinessOperating` |
//! | 上级补助收入 / 附属单位上缴收入 / 其他收入 | `Col::UpperSubsidy` / `Col::AffiliatedRemit` / `Col::OtherIncome` |
//! | 单位资金 / 政府预算资金 | `Col::UnitFunds` / `Col::GovFunds` |
//! | “三公”经费 (sangong) | `Col::Abroad` 因公出国（境）费, `Col::Vehicle` 公务用车购置及运行费 {`VehiclePurchase`, `VehicleOperation`}, `Col::Reception` 公务接待费 |
//! | 收入总计 / 支出总计 | `Summary::IncomeTotal` / `Summary::ExpenditureTotal` |
//! | 年终结转结余 | `Summary::CarryOut` |
//! | 整体绩效目标 | `DeptPerformance` |
//! | 项目绩效目标 | `ProjectTarget`, `Indicator` |
//! | 备注 / 注 | `Note` |
