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
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct JvmContext {
    /// Module folders (longest first) with the verdict on their main code, when it is not product code.
    pub modules: Vec<(String, Option<NotProduct>)>,
    /// `META-INF/services` files.
    pub services: Vec<services::Services>,
    /// Modules that are test support unless a module using them in its main code is product code.
    #[serde(default)]
    pub support_unless_used: Vec<build::SupportUnlessUsed>,
}

impl JvmContext {
    /// The module file `path` belongs to (an index into `modules`): the deepest folder holding it.
    pub fn module_of(&self, path: &str) -> Option<usize> {
        self.modules
            .iter()
            .position(|(dir, _)| dir.is_empty() || path.starts_with(&format!("{dir}/")))
    }

    /// Why the source file `path` is not product code by its module's build file, if it is not.
    pub fn module_verdict(&self, path: &str) -> Option<&NotProduct> {
        self.module_of(path)
            .and_then(|m| self.modules[m].1.as_ref())
    }
}

impl Reader for JvmReader {
    type Own = JvmFile;
    type Context = JvmContext;

    fn language(&self) -> &'static Language {
        self.lang
    }

    fn context(&self, projects: &Projects) -> JvmContext {
        let mut modules: Vec<build::Module> = Vec::new();
        let mut included: Vec<String> = Vec::new();
        for (path, text) in projects.texts(self.lang.markers) {
            if path
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("settings.gradle"))
            {
                included.extend(build::included_builds(path, &text));
            } else {
                modules.push(build::read(path, &text));
            }
        }
        let mut dirs: Vec<&str> = modules.iter().map(|m| m.dir.as_str()).collect();
        dirs.push("");
        dirs.sort();
        dirs.dedup();
        let mut verdicts: Vec<(String, Option<NotProduct>)> = Vec::new();
        let mut support_unless_used = Vec::new();
        for m in &modules {
            let v = build::verdict(m, &modules, &included)
                .map(|(reason, detail)| NotProduct { reason, detail });
            if v.is_none() {
                support_unless_used.extend(build::support_unless_used(m, &modules));
            }
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
            support_unless_used,
        }
    }

    fn parse(&self, text: &str) -> Parsed<JvmFile> {
        parse(text, self.kotlin)
    }

    /// The Java reader reads Kotlin files too: Java tests of Kotlin code (and Kotlin tests of Java code)
    /// credit it, and a mixed module is one analysis. (The Kotlin reader then gets no files in a scan; it
    /// still outlines `.kt` files.)
    fn reads(&self, lang: &Language) -> bool {
        lang.id == self.lang.id || (!self.kotlin && lang.id == lang::KOTLIN.id)
    }

    fn parse_as(&self, lang: &'static Language, text: &str) -> Parsed<JvmFile> {
        parse(text, lang.id == lang::KOTLIN.id)
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
        analyze(paths, files, ctx)
    }
}
