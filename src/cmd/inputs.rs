//! The files a command names, read into the pipeline's inputs (`pipeline::DocSources`).

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::error::Result;
use crate::pipeline::{self, DocSources};
use crate::profile::Profile;
use crate::publish::narrative::{Narrative, Templates};
use crate::publish::Publication;

/// Where the explanation's inputs come from.
#[derive(Debug, Clone, Default)]
pub struct DocInputs {
    pub profile: Option<PathBuf>,
    /// Last year's export, for the prior-year figures.
    pub prior: Option<PathBuf>,
    /// A directory of wording templates replacing the built-in ones.
    pub templates: Option<PathBuf>,
}

impl DocInputs {
    /// Reads the profile, the prior-year export and the templates.
    ///
    /// # Errors
    /// Errors reading or parsing any of them, naming the file.
    pub fn load(&self) -> Result<DocSources> {
        Ok(DocSources {
            profile: match &self.profile {
                Some(path) => Some((path.clone(), Profile::load(path)?)),
                None => None,
            },
            prior: self.prior.as_deref().map(pipeline::load).transpose()?,
            templates: match &self.templates {
                Some(dir) => Templates::load(dir)?,
                None => Templates::builtin(),
            },
        })
    }
}

/// Loads the inputs and writes the explanation (`pipeline::explain`).
///
/// # Errors
/// Errors reading the profile, the prior workbook or the templates.
pub fn explain(
    publication: &mut Publication,
    inputs: &DocInputs,
    catalog: &Catalog,
) -> Result<Narrative> {
    pipeline::explain(publication, &inputs.load()?, catalog)
}
