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
    /// 使用此目录中的分类目录文件代替内置目录：年度子目录 DIR/2026/function.csv 替换或增加该年的
    /// 功能分类目录（按预算年度选用），或 DIR/function.csv 一个文件用于所有年度；
    /// function-legacy.csv、economic.csv、economic-map.csv 放在 DIR 下
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
        /// 导出的工作簿（.xlsx、.xls 或 .ods）；可给多个，或给文件夹（其中全部工作簿，含子文件夹）
        #[arg(required = true, num_args = 1..)]
        workbooks: Vec<PathBuf>,
        /// 多个部门时：汇总表（汇总.xlsx、summary.json）写入此目录
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
        /// 输出格式：text（每条问题一行，写到标准错误）或 json（写到标准输出）
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 核对后生成公开用的预算表工作簿和部门预算公开文档（Word）
    ///
    /// Checks the workbook, then writes the print-ready 预算表 workbook and the disclosure
    /// document into DIR. Refuses (exit 1) when the check finds errors, unless --force; when
    /// profile inputs are missing, unless --draft.
    ///
    /// Example: yusuan build samples/hongqi-2024/budget-corrected.xlsx --profile samples/hongqi-2024/profile.toml --out out
    Build {
        /// 导出的工作簿（.xlsx、.xls 或 .ods）；可给多个，或给文件夹（其中全部工作簿，含子文件夹），
        /// 每个部门生成到 DIR/<部门名称>/
        #[arg(required = true, num_args = 1..)]
        workbooks: Vec<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
        /// 输出目录（不存在时创建）
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 即使核对有错误也生成（仅供内部审阅，不应公开）
        #[arg(long)]
        force: bool,
        /// 部门资料不全时也生成文档，缺项处标为【待填写：…】（草稿，供审阅）
        #[arg(long)]
        draft: bool,
        /// 同时生成两个文件的 PDF（需要 LibreOffice；未安装时说明如何安装，退出码 2，不生成任何文件）
        #[arg(long)]
        pdf: bool,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 生成部门资料文件（profile）模板，已填入导出表中能取得的内容
    ///
    /// Writes a profile skeleton pre-filled with what the workbook knows.
    ///
    /// Example: yusuan init samples/hongqi-2024/budget.xlsx --out profile.toml
    Init {
        /// 导出的工作簿
        workbook: PathBuf,
        /// 写入此文件（默认输出到屏幕）；已存在的文件不会被覆盖
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 比较同一部门的两份导出表（如上周的和改正后的）：哪些数、行、表、名称变了，哪些问题已改正
    ///
    /// Shows what changed between two exports of one department: figures (table, row, column,
    /// old → new), rows and tables added or removed, names corrected, findings fixed and new;
    /// with --profile, the sentences of the explanation that change. Layout-independent. Exit 0
    /// when identical, 1 when different, 2 when it cannot run.
    ///
    /// Example: yusuan diff samples/hongqi-2024/budget.xlsx samples/hongqi-2024/budget-corrected.xlsx
    Diff {
        /// 原来的导出表
        old: PathBuf,
        /// 新的导出表
        new: PathBuf,
        /// 输出格式：text（按表分组，供阅读）或 json
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 列出全部校验规则：编号、名称、检查内容和示例
    Rules,
    /// 在本机启动网页：选择导出表即可核对、生成并下载预算表、公开文档和 PDF，不需要命令行
    ///
    /// Starts a local web page (and its JSON API) for people who do not use a terminal: choose
    /// a workbook, see the findings and the explanation, download the files. Listens on
    /// 127.0.0.1 unless --listen says otherwise. Stop it with Ctrl+C.
    ///
    /// Example: yusuan serve --open
    Serve {
        /// 端口（0 表示任选一个空闲端口）
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// 监听的地址。默认只有本机能打开；0.0.0.0 让同一网络中的其他电脑也能打开（请谨慎）
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        listen: std::net::IpAddr,
        /// 启动后用默认浏览器打开网页
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        rules: RuleArgs,
        /// 使用此目录中的文字模板（document.md.j2、glossary.toml）代替内置模板
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
}

/// Many departments at once (shared by `check` and `build`).
#[derive(Debug, clap::Args)]
struct BatchArgs {
    /// 同时处理的部门数（默认每个 CPU 核一个）
    #[arg(long, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// 各部门的部门资料文件所在目录：按部门资料中的 name（没有时按文件名）与部门名称对应
    #[arg(long, value_name = "DIR")]
    profile_dir: Option<PathBuf>,
    /// 各部门上年导出表所在目录：按部门名称和年度（本年 − 1）对应
    #[arg(long, value_name = "DIR")]
    prior_dir: Option<PathBuf>,
}

/// What a batch is asked to do, besides its inputs.
struct Batched {
    out: Option<PathBuf>,
    build: bool,
    force: bool,
    draft: bool,
    pdf: bool,
}

impl BatchArgs {
    /// The batch's settings. A batch takes each department's profile and prior export from
    /// folders: `--profile` and `--prior` name one department's.
    fn config(
        self,
        inputs: Vec<PathBuf>,
        what: Batched,
        rules: RuleArgs,
        doc: DocArgs,
    ) -> Result<cmd::batch::BatchConfig> {
        if doc.profile.is_some() || doc.prior.is_some() {
            return Err(crate::error::Error::Usage(
                "多个部门时，请用 --profile-dir 和 --prior-dir 给出各部门的部门资料和上年导出表（--profile、--prior 只用于一个部门）".into(),
            ));
        }
        Ok(cmd::batch::BatchConfig {
            inputs,
            out: what.out,
            build: what.build,
            force: what.force,
            draft: what.draft,
            pdf: what.pdf,
            settings: rules.settings(),
            templates: doc.templates,
            profile_dir: self.profile_dir,
            prior_dir: self.prior_dir,
            jobs: self.jobs,
        })
    }

    /// Whether these arguments ask for a batch rather than one department.
    fn wanted(&self, workbooks: &[PathBuf]) -> bool {
        workbooks.len() > 1
            || workbooks.iter().any(|w| w.is_dir())
            || self.profile_dir.is_some()
            || self.prior_dir.is_some()
    }
}

/// Regional conventions of the rules (shared by `check` and `build`).
#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// 计入人员经费的其他部门经济分类科目（如部分地区的 30227 委托业务费），可重复
    #[arg(long = "personnel-includes", value_name = "CODE")]
    personnel_includes: Vec<String>,
}

impl RuleArgs {
    fn settings(self) -> crate::validate::Settings {
        crate::validate::Settings {
            personnel_extra: self.personnel_includes,
        }
    }
}

/// The document's inputs (shared by `check` and `build`).
#[derive(Debug, clap::Args)]
struct DocArgs {
    /// 部门资料文件（TOML：主要职责、单位构成、增减原因、上年数、政府采购、国有资产等），见 yusuan init
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 上年的导出表，用于计算与上年相比的增减（优先于部门资料中的上年数）
    #[arg(long, value_name = "WORKBOOK")]
    prior: Option<PathBuf>,
    /// 使用此目录中的文字模板（document.md.j2、glossary.toml）代替内置模板
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

impl DocArgs {
    fn inputs(self) -> cmd::build::DocInputs {
        cmd::build::DocInputs {
            profile: self.profile,
            prior: self.prior,
            templates: self.templates,
        }
    }
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
            workbooks,
            out,
            batch,
            format,
            rules,
            doc,
        } => {
            if batch.wanted(&workbooks) || out.is_some() {
                let what = Batched {
                    out,
                    build: false,
                    force: false,
                    draft: false,
                    pdf: false,
                };
                return cmd::batch::run(&batch.config(workbooks, what, rules, doc)?, &catalog);
            }
            let workbook = workbooks.into_iter().next().expect("clap requires one");
            let cfg = cmd::check::CheckConfig {
                workbook,
                format,
                settings: rules.settings(),
                doc: doc.inputs(),
            };
            cmd::check::run(&cfg, &catalog)
        }
        Command::Build {
            workbooks,
            batch,
            out,
            force,
            draft,
            pdf,
            rules,
            doc,
        } => {
            if batch.wanted(&workbooks) {
                let what = Batched {
                    out: Some(out),
                    build: true,
                    force,
                    draft,
                    pdf,
                };
                return cmd::batch::run(&batch.config(workbooks, what, rules, doc)?, &catalog);
            }
            let settings = rules.settings();
            let workbook = workbooks.into_iter().next().expect("clap requires one");
            let cfg = cmd::build::BuildConfig {
                workbook,
                out,
                force,
                draft,
                pdf,
                settings,
                doc: doc.inputs(),
            };
            cmd::build::run(&cfg, &catalog)
        }
        Command::Init { workbook, out } => {
            cmd::init::run(&cmd::init::InitConfig { workbook, out }, &catalog)
        }
        Command::Diff {
            old,
            new,
            format,
            rules,
            doc,
        } => {
            let cfg = cmd::diff::DiffConfig {
                old,
                new,
                format,
                settings: rules.settings(),
                doc: doc.inputs(),
            };
            cmd::diff::run(&cfg, &catalog)
        }
        Command::Rules => cmd::rules::run(),
        Command::Serve {
            port,
            listen,
            open,
            rules,
            templates,
        } => {
            let cfg = cmd::serve::ServeConfig {
                addr: std::net::SocketAddr::new(listen, port),
                open,
                settings: rules.settings(),
                templates,
            };
            cmd::serve::run(&cfg, catalog)
        }
    }
}
