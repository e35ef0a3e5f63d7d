//! The gap side of the cross-check: what gap-scan's readers say about one file. This is the one adapter to
//! switch to `gap_scan::reader::outline` when it lands; until then it calls each reader's `parse`.

use crate::outline::{Def, Import, Outline};

/// An outline from a reader's definitions and its imports as (spec, line); line 0 where it keeps none.
fn outline_of(
    defs: impl IntoIterator<Item = Def>,
    imports: impl IntoIterator<Item = (String, u64)>,
) -> Outline {
    Outline {
        defs: defs.into_iter().collect(),
        imports: imports
            .into_iter()
            .map(|(spec, line)| Import { spec, line })
            .collect(),
    }
}

fn defs(d: &[gap_scan::model::Def]) -> impl Iterator<Item = Def> + '_ {
    d.iter().map(|d| Def {
        name: d.name.clone(),
        kind: d.kind,
        line: d.line,
    })
}

/// The outline gap reads from `text` at `path`, or `None` where gap has no reader for the path (the
/// signature of `gap_scan::reader::outline`). Imports from readers that keep no line carry line 0.
pub fn outline(path: &str, text: &str) -> Option<Outline> {
    use gap_scan::{go, js, jvm, python, rust};
    let language = gap_scan::lang::by_path(path)?.id;
    Some(match language {
        "python" => {
            let f = python::parse(text);
            let defs = f.defs.iter().map(|d| Def {
                name: d.name.clone(),
                kind: d.kind,
                line: d.line,
            });
            let imports = f.imports.iter().map(|i| match i {
                python::Import::Module { module, line, .. } => (module.clone(), *line),
                python::Import::From {
                    level,
                    module,
                    line,
                    ..
                } => (format!("{}{module}", ".".repeat(*level as usize)), *line),
            });
            outline_of(defs, imports)
        }
        "go" => {
            let f = go::parse(text);
            outline_of(defs(&f.defs), f.imports.into_iter().map(|i| (i.path, 0)))
        }
        "javascript" => {
            let f = js::parse(text);
            outline_of(
                defs(&f.defs),
                f.imports.into_iter().map(|i| (i.spec, i.line)),
            )
        }
        "rust" => {
            let f = rust::parse(text);
            let imports = f.uses.into_iter().map(|u| {
                let mut path = u.path.join("::");
                if u.glob {
                    path.push_str(if path.is_empty() { "*" } else { "::*" });
                }
                (path, 0)
            });
            outline_of(defs(&f.defs), imports)
        }
        "java" | "kotlin" => {
            let f = jvm::parse(text, language == "kotlin");
            let imports = f.imports.into_iter().map(|i| {
                let path = if i.wildcard {
                    format!("{}.*", i.path)
                } else {
                    i.path
                };
                (path, 0)
            });
            outline_of(defs(&f.defs), imports)
        }
        _ => return None,
    })
}
