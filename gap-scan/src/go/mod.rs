//! The Go reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;
pub mod product;

pub use analyze::{analyze, module_path, GoMod};
pub use parse::{parse, GoFile};

use crate::lang::{self, Language};
use crate::model::{parent, Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads Go: packages are folders, named from the nearest `go.mod`.
pub struct GoReader;

impl Reader for GoReader {
    type Own = GoFile;
    type Context = Vec<GoMod>;

    fn language(&self) -> &'static Language {
        &lang::GO
    }

    fn context(&self, projects: &Projects) -> Vec<GoMod> {
        projects
            .texts(&["go.mod"])
            .into_iter()
            .filter_map(|(path, text)| {
                Some(GoMod {
                    dir: parent(path).to_string(),
                    module: module_path(&text)?,
                })
            })
            .collect()
    }

    fn parse(&self, text: &str) -> Parsed<GoFile> {
        parse(text)
    }

    fn imports(&self, own: &GoFile) -> Vec<OutlineImport> {
        own.imports
            .iter()
            .map(|i| OutlineImport {
                spec: i.path.clone(),
                line: i.line,
            })
            .collect()
    }

    fn analyze(&self, paths: &[String], files: &[Parsed<GoFile>], mods: &Vec<GoMod>) -> Vec<Unit> {
        analyze(paths, files, mods)
    }
}
