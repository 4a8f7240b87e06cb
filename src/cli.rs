//! Command-line arguments (clap). Turns them into plain config structs; no clap type leaves
//! this file.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::error::Result;

/// yusuan（预算）：读取预算管理一体化系统导出的部门预算表，校验各表勾稽关系，生成公开文件。
///
/// yusuan reads a department's budget export, checks that every table adds up and agrees with
/// the others, and writes the disclosure.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about, long_about = None)]
struct Args {
    /// 使用此目录中的分类目录文件（function.csv、economic.csv、economic-map.csv）代替内置目录
    #[arg(long, global = true, value_name = "DIR")]
    catalog: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 显示从工作簿中读到的内容：找到的表、单位、列的识别方式和全部数值
    ///
    /// Shows what was read from the workbook: each table found (sheet, title, unit, how each
    /// column was mapped, row counts) and its values; tables not found are listed.
    ///
    /// Example: yusuan inspect samples/hongqi-2024/budget.xlsx --format json
    Inspect {
        /// 导出的工作簿（.xlsx、.xls 或 .ods）
        workbook: PathBuf,
        /// 输出格式：text（供阅读）或 json（模型数据，与源表版式无关）
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 在 JSON 中附上每个数值的来源单元格
        #[arg(long)]
        locations: bool,
        /// 补全导出表省略的“类”“款”小计行（按下级各行精确求和），便于与公开表比较
        #[arg(long)]
        complete: bool,
    },
    /// 检查各表的勾稽关系，逐项给出有问题的单元格
    ///
    /// Validates and reconciles every table; one line per finding with its cell. Exit code 0
    /// when there are no errors, 1 when there are, 2 when the check could not run.
    ///
    /// Example: yusuan check samples/hongqi-2024/budget.xlsx
    Check {
        /// 导出的工作簿（.xlsx、.xls 或 .ods）
        workbook: PathBuf,
        /// 输出格式：text（每条问题一行，写到标准错误）或 json（写到标准输出）
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 计入人员经费的其他部门经济分类科目（如部分地区的 30227 委托业务费），可重复
        #[arg(long = "personnel-includes", value_name = "CODE")]
        personnel_includes: Vec<String>,
    },
    /// 核对后生成公开用的预算表工作簿（A4 横向，可直接打印）
    ///
    /// Checks the workbook, then writes the print-ready 预算表 workbook into DIR. Refuses (exit
    /// 1) when the check finds errors, unless --force.
    ///
    /// Example: yusuan build samples/hongqi-2024/budget-corrected.xlsx --out out
    Build {
        /// 导出的工作簿（.xlsx、.xls 或 .ods）
        workbook: PathBuf,
        /// 输出目录（不存在时创建）
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 即使核对有错误也生成（仅供内部审阅，不应公开）
        #[arg(long)]
        force: bool,
        /// 计入人员经费的其他部门经济分类科目，同 check
        #[arg(long = "personnel-includes", value_name = "CODE")]
        personnel_includes: Vec<String>,
    },
    /// 列出全部校验规则：编号、名称、检查内容和示例
    Rules,
}

/// Output format of `inspect` (and later `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What `main` needs to know after a command ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: the data has errors.
    DataErrors,
}

/// Parses the arguments and runs the command.
///
/// # Errors
/// Whatever the command returns; clap's own errors exit inside `Args::parse`.
pub fn run() -> Result<Outcome> {
    let args = Args::parse();
    let catalog = match &args.catalog {
        Some(dir) => crate::catalog::Catalog::load(dir)?,
        None => crate::catalog::Catalog::builtin(),
    };
    match args.command {
        Command::Inspect {
            workbook,
            format,
            locations,
            complete,
        } => {
            let cfg = cmd::inspect::InspectConfig {
                workbook,
                format,
                locations,
                complete,
            };
            cmd::inspect::run(&cfg, &catalog)
        }
        Command::Check {
            workbook,
            format,
            personnel_includes,
        } => {
            let settings = crate::validate::Settings {
                personnel_extra: personnel_includes,
            };
            cmd::check::run(
                &cmd::check::CheckConfig {
                    workbook,
                    format,
                    settings,
                },
                &catalog,
            )
        }
        Command::Build {
            workbook,
            out,
            force,
            personnel_includes,
        } => {
            let settings = crate::validate::Settings {
                personnel_extra: personnel_includes,
            };
            cmd::build::run(
                &cmd::build::BuildConfig {
                    workbook,
                    out,
                    force,
                    settings,
                },
                &catalog,
            )
        }
        Command::Rules => cmd::rules::run(),
    }
}
