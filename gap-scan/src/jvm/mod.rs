//! The Java and Kotlin reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod build;
pub mod parse;
pub mod services;

pub use analyze::analyze;
pub use parse::{parse, JvmFile, JvmImport};

use crate::lang::{self, Language};
use crate::model::{NotProduct, Parsed, Unit};
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

/// What the tree's Maven and Gradle modules say: which modules' main code is not product code, and the
/// services files that name classes for `ServiceLoader`.
#[derive(Debug, Default)]
pub struct JvmContext {
    /// Module folders (longest first) with the verdict on their main code, when it is not product code.
    pub modules: Vec<(String, Option<NotProduct>)>,
    /// `META-INF/services` files.
    pub services: Vec<services::Services>,
}

impl JvmContext {
    /// Why the source file `path` is not product code by its module, if it is not.
    pub fn module_verdict(&self, path: &str) -> Option<&NotProduct> {
        self.modules
            .iter()
            .find(|(dir, _)| dir.is_empty() || path.starts_with(&format!("{dir}/")))
            .and_then(|(_, v)| v.as_ref())
    }
}

impl Reader for JvmReader {
    type Own = JvmFile;
    type Context = JvmContext;

    fn language(&self) -> &'static Language {
        self.lang
    }

    fn context(&self, projects: &Projects) -> JvmContext {
        let modules: Vec<build::Module> = projects
            .texts(self.lang.markers)
            .into_iter()
            .map(|(path, text)| build::read(path, &text))
            .collect();
        let mut dirs: Vec<&str> = modules.iter().map(|m| m.dir.as_str()).collect();
        dirs.push("");
        dirs.sort();
        dirs.dedup();
        let mut verdicts: Vec<(String, Option<NotProduct>)> = Vec::new();
        for m in &modules {
            let v =
                build::verdict(m, &modules).map(|(reason, detail)| NotProduct { reason, detail });
            match verdicts.iter_mut().find(|(d, _)| *d == m.dir) {
                // `build.gradle` and `pom.xml` side by side: either one's verdict.
                Some((_, old)) => *old = old.take().or(v),
                None => verdicts.push((m.dir.clone(), v)),
            }
        }
        verdicts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        JvmContext {
            modules: verdicts,
            services: services::find(projects.root(), &dirs),
        }
    }

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

    fn analyze(&self, paths: &[String], files: &[Parsed<JvmFile>], ctx: &JvmContext) -> Vec<Unit> {
        analyze(paths, files, self.lang, ctx)
    }
}
