//! The Python reader: a forgiving tokenizer ([`lexer`]), the facts of one file ([`parse`]), import resolution
//! ([`resolve`]), what tests use ([`mapping`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod by_name;
pub mod entry_points;
pub mod lexer;
pub mod mapping;
pub mod parse;
pub mod resolve;

pub use analyze::{analyze, PyProjects};
pub use parse::{parse, DefInfo, Import, ImportedName, PyFile, When};

use crate::lang::{self, Language};
use crate::model::{Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads Python: modules by dotted name from import roots, tests by pytest's conventions.
pub struct PyReader;

impl Reader for PyReader {
    type Own = PyFile;
    /// Every project marker file of the tree (their folders are import roots, whatever the language that
    /// marks them) and the entry points the Python ones declare.
    type Context = PyProjects;

    fn language(&self) -> &'static Language {
        &lang::PYTHON
    }

    fn context(&self, projects: &Projects) -> PyProjects {
        PyProjects {
            markers: projects.all().to_vec(),
            entry_points: projects
                .texts(self.language().markers)
                .into_iter()
                .flat_map(|(path, text)| entry_points::read(path, &text))
                .collect(),
            loaders: projects
                .config()
                .map(|c| c.python.loaders.clone())
                .unwrap_or_default(),
        }
    }

    fn parse(&self, text: &str) -> Parsed<PyFile> {
        parse(text, &lang::PYTHON)
    }

    fn imports(&self, own: &PyFile) -> Vec<OutlineImport> {
        own.imports
            .iter()
            .map(|i| match i {
                Import::Module { module, line, .. } => OutlineImport {
                    spec: module.clone(),
                    line: *line,
                },
                Import::From {
                    level,
                    module,
                    line,
                    ..
                } => OutlineImport {
                    spec: format!("{}{module}", ".".repeat(*level as usize)),
                    line: *line,
                },
            })
            .collect()
    }

    fn analyze(
        &self,
        paths: &[String],
        files: &[Parsed<PyFile>],
        projects: &PyProjects,
    ) -> Vec<Unit> {
        analyze(paths, files, projects)
    }
}
