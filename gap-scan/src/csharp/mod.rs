//! The C# reader: one file's tokens ([`lex`]) and facts ([`parse`]), and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod lex;
pub mod parse;

pub use analyze::{analyze, is_benchmark_project, is_test_project, CsProject};
pub use parse::{parse, CsFile, CsUsing};

use crate::lang::{self, Language};
use crate::model::{parent, Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads C#: types by namespace and name, test projects by their `*.csproj`.
pub struct CsReader;

impl Reader for CsReader {
    type Own = CsFile;
    type Context = Vec<CsProject>;

    fn language(&self) -> &'static Language {
        &lang::CSHARP
    }

    fn context(&self, projects: &Projects) -> Vec<CsProject> {
        projects
            .texts(lang::CSHARP.markers)
            .into_iter()
            .map(|(path, text)| CsProject {
                dir: parent(path).to_string(),
                test: is_test_project(&text),
                benchmark: is_benchmark_project(&text),
            })
            .collect()
    }

    fn parse(&self, text: &str) -> Parsed<CsFile> {
        parse(text)
    }

    fn imports(&self, own: &CsFile) -> Vec<OutlineImport> {
        own.usings
            .iter()
            .map(|u| OutlineImport {
                spec: u.target.clone(),
                line: u.line,
            })
            .collect()
    }

    fn analyze(
        &self,
        paths: &[String],
        files: &[Parsed<CsFile>],
        projects: &Vec<CsProject>,
    ) -> Vec<Unit> {
        analyze(paths, files, projects)
    }
}
