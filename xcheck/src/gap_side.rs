//! The gap side of the cross-check: what gap-scan's readers say about one file, through
//! `gap_scan::reader::outline` (the same registry the scan uses, so a new reader is checked the day it lands).

use crate::outline::{Def, Import, Outline};

/// The outline gap reads from `text` at `path`, or `None` where gap has no reader for the path.
pub fn outline(path: &str, text: &str) -> Option<Outline> {
    let o = gap_scan::reader::outline(path, text)?;
    Some(Outline {
        defs: o
            .defs
            .into_iter()
            .map(|d| Def {
                name: d.name,
                kind: d.kind,
                line: d.line,
            })
            .collect(),
        imports: o
            .imports
            .into_iter()
            .map(|i| Import {
                spec: i.spec,
                line: i.line,
            })
            .collect(),
    })
}
