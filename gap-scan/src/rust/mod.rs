//! The Rust reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;
pub mod traits;

pub use analyze::{analyze, crate_name, default_features, package_name, Crate};
pub use parse::{parse, RsFile};

use crate::lang::{self, Language};
use crate::model::{parent, Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads Rust: crates from `Cargo.toml`, modules from the file tree.
pub struct RustReader;

impl Reader for RustReader {
    type Own = RsFile;
    type Context = Vec<Crate>;

    fn language(&self) -> &'static Language {
        &lang::RUST
    }

    fn context(&self, projects: &Projects) -> Vec<Crate> {
        projects
            .texts(&["Cargo.toml"])
            .into_iter()
            .filter_map(|(path, text)| {
                let package = package_name(&text)?;
                Some(Crate {
                    dir: parent(path).to_string(),
                    name: package.replace('-', "_"),
                    package,
                    features: default_features(&text),
                })
            })
            .collect()
    }

    fn parse(&self, text: &str) -> Parsed<RsFile> {
        parse(text)
    }

    fn imports(&self, own: &RsFile) -> Vec<OutlineImport> {
        own.uses
            .iter()
            .filter(|u| u.item)
            .map(|u| {
                let mut spec = u.path.join("::");
                if u.glob {
                    spec.push_str("::*");
                }
                OutlineImport { spec, line: u.line }
            })
            .collect()
    }

    fn analyze(
        &self,
        paths: &[String],
        files: &[Parsed<RsFile>],
        crates: &Vec<Crate>,
    ) -> Vec<Unit> {
        analyze(paths, files, crates)
    }
}
