//! yusuan (预算): reads a finance-system export of a department's 预算表, checks that every
//! table adds up and agrees with the others, and publishes the disclosure.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! read (calamine → Grid → tables) → model (Budget) → validate (Findings) → render (xlsx, docx)
//! ```
//!
//! `read` knows no budget rules, `validate` touches no files, `render` never sees calamine;
//! `model` imports nothing from `read` (a figure's `CellRef` is the model's, and `text`, the
//! normalisation every stage shares, sits below them all); `cli` and `cmd` glue the stages
//! together. `publish` rounds the whole publication once, with
//! the rules of `validate` as its constraints. `synth` makes consistent departments of every
//! shape for the tests and benchmarks (nothing in the product calls it).

pub mod catalog;
pub mod cli;
pub mod cmd;
pub mod diff;
pub mod error;
pub mod finding;
pub mod model;
pub mod money;
pub mod pdf;
pub mod pipeline;
pub mod profile;
pub mod publish;
pub mod read;
pub mod render;
pub mod serve;
pub mod synth;
pub mod text;
pub mod validate;

pub use error::{Error, Result};
