//! The JavaScript/TypeScript reader: one file's facts ([`parse`]) and the units of a scan ([`analyze`]).

pub mod analyze;
pub mod parse;
mod shape;

use std::collections::HashMap;

pub use analyze::{analyze, package_main, read_tsconfig, TsConfig};
pub use parse::{parse, JsFile};

use crate::lang::{self, Language};
use crate::model::{parent, Parsed, Unit};
use crate::reader::{OutlineImport, Projects, Reader};

/// Reads JavaScript and TypeScript: modules are files, resolved as bundlers and `tsc` resolve them.
pub struct JsReader;

/// Module resolution settings of the tree's projects.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct JsProjects {
    /// Every `tsconfig.json` and `jsconfig.json`.
    pub configs: Vec<TsConfig>,
    /// Package folder -> the entry file its `package.json` names.
    pub mains: HashMap<String, String>,
}

impl Reader for JsReader {
    type Own = JsFile;
    type Context = JsProjects;

    fn language(&self) -> &'static Language {
        &lang::JAVASCRIPT
    }

    fn context(&self, projects: &Projects) -> JsProjects {
        let configs = projects
            .texts(&["tsconfig.json", "jsconfig.json"])
            .into_iter()
            .filter_map(|(path, text)| read_tsconfig(path, &text))
            .collect();
        let mains = projects
            .texts(&["package.json"])
            .into_iter()
            .filter_map(|(path, text)| Some((parent(path).to_string(), package_main(&text)?)))
            .collect();
        JsProjects { configs, mains }
    }

    fn parse(&self, text: &str) -> Parsed<JsFile> {
        parse(text)
    }

    fn imports(&self, own: &JsFile) -> Vec<OutlineImport> {
        own.imports
            .iter()
            .map(|i| OutlineImport {
                spec: i.spec.clone(),
                line: i.line,
            })
            .collect()
    }

    fn analyze(&self, paths: &[String], files: &[Parsed<JsFile>], p: &JsProjects) -> Vec<Unit> {
        analyze(paths, files, &p.configs, &p.mains)
    }
}
