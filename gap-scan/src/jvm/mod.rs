//! The Java and Kotlin reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;

pub use analyze::analyze;
pub use parse::{parse, JvmFile, JvmImport};

use crate::lang::{self, Language};
use crate::model::{Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads Java or Kotlin: types by package and name, tests by JUnit's annotations.
pub struct JvmReader {
    /// The language row (Java or Kotlin).
    lang: &'static Language,
    /// Kotlin's declarations (`fun`, public by default) rather than Java's.
    kotlin: bool,
}

impl JvmReader {
    /// The Java reader.
    pub const JAVA: JvmReader = JvmReader {
        lang: &lang::JAVA,
        kotlin: false,
    };
    /// The Kotlin reader.
    pub const KOTLIN: JvmReader = JvmReader {
        lang: &lang::KOTLIN,
        kotlin: true,
    };
}

impl Reader for JvmReader {
    type Own = JvmFile;
    type Context = ();

    fn language(&self) -> &'static Language {
        self.lang
    }

    fn context(&self, _: &Projects) {}

    fn parse(&self, text: &str) -> Parsed<JvmFile> {
        parse(text, self.kotlin)
    }

    fn imports(&self, own: &JvmFile) -> Vec<OutlineImport> {
        own.imports
            .iter()
            .map(|i| OutlineImport {
                spec: if i.wildcard {
                    format!("{}.*", i.path)
                } else {
                    i.path.clone()
                },
                line: i.line,
            })
            .collect()
    }

    fn analyze(&self, paths: &[String], files: &[Parsed<JvmFile>], _: &()) -> Vec<Unit> {
        analyze(paths, files, self.lang)
    }
}
