//! One file per subcommand. Each reads its config, runs the stages, prints what was asked.

pub mod batch;
pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod inputs;
pub mod inspect;
pub mod output;
pub mod rules;
pub mod serve;
