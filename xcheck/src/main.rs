//! xcheck: compares the definitions and imports gap-scan's readers find with what reference parsers find
//! (tree-sitter grammars, and Python's own `ast`), file by file over a corpus, and prints the agreement per
//! language and the disagreements grouped by cause. `scripts/xcheck.sh` brings the pinned corpus.

mod compare;
mod gap_side;
mod oracle;
mod outline;
mod pyast;
mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use report::Tally;

const USAGE: &str = "usage: xcheck [--examples N] [--no-ast] [--only LANGUAGE] CORPUS
       xcheck --tree FILE        print tree-sitter's tree of FILE
       xcheck --show FILE        print both sides' definitions and imports of FILE";

/// Folders never walked: vendored, generated and built code, which gap-scan skips as well.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "dist",
    "build",
    "vendor",
    "testdata",
    "target",
    "__pycache__",
    "bin",
    "obj",
];
/// Files above this size are generated; left out.
const MAX_BYTES: u64 = 1 << 20;

fn main() -> std::process::ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xcheck: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let mut examples = 5;
    let mut ast = true;
    let mut only = None;
    let mut corpus = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--examples" => {
                examples = it
                    .next()
                    .context("--examples needs a number")?
                    .parse()
                    .context("--examples")?
            }
            "--no-ast" => ast = false,
            "--only" => only = Some(it.next().context("--only needs a language")?),
            "--tree" => return tree(&it.next().context("--tree needs a file")?),
            "--show" => return show(&it.next().context("--show needs a file")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if corpus.is_none() && !a.starts_with('-') => corpus = Some(PathBuf::from(a)),
            _ => bail!("unexpected argument {a}\n{USAGE}"),
        }
    }
    let corpus = corpus.context(USAGE)?;
    let mut files = Vec::new();
    walk(&corpus, &corpus, &mut files)?;
    files.sort();
    files.retain(|(rel, _)| {
        oracle::by_path(rel).is_some_and(|(l, _)| only.as_deref().is_none_or(|o| o == l))
    });
    let python: Vec<String> = files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".py"))
        .map(|(_, abs)| abs.to_string_lossy().into_owned())
        .collect();
    let mut ast_readings = if ast && !python.is_empty() {
        pyast::read_all(&python)?
    } else {
        Default::default()
    };
    let mut tallies: BTreeMap<(String, &'static str), Tally> = BTreeMap::new();
    for (rel, abs) in &files {
        let Some((language, grammar)) = oracle::by_path(rel) else {
            continue;
        };
        let Some(text) = read(abs) else {
            eprintln!("xcheck: warning: {rel}: not UTF-8 text, left out");
            continue;
        };
        let parsed = oracle::parse(grammar, &text)?;
        let gap = gap_side::outline(rel, &text);
        let mut references: Vec<(&'static str, Result<oracle::Reading, String>)> = vec![(
            "tree-sitter",
            match parsed.error() {
                Some(why) => Err(why),
                None => Ok(oracle::read(grammar, &parsed)),
            },
        )];
        if let Some(r) = ast_readings.remove(abs.to_string_lossy().as_ref()) {
            references.push(("ast", r));
        }
        for (reference, reading) in references {
            let t = tallies
                .entry((language.to_string(), reference))
                .or_default();
            let reading = match reading {
                Ok(r) => r,
                Err(why) => {
                    t.reference_errors.push((rel.clone(), why));
                    continue;
                }
            };
            let Some(gap) = &gap else {
                t.unread += 1;
                t.defs.reference += reading.defs.len() as u64;
                t.imports.reference += reading.imports.len() as u64;
                continue;
            };
            t.files += 1;
            let found = compare::file(rel, gap, &reading, &parsed, &mut t.defs, &mut t.imports);
            t.disagreements.extend(found);
        }
    }
    emit(&report::render(&tallies, examples))
}

/// A file's text as gap-scan reads it: UTF-8, a leading byte-order mark dropped.
fn read(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Every file under `dir` not in a skipped folder: (corpus-relative path, path).
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for e in entries {
        let e = e?;
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let ty = e.file_type()?;
        if ty.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                walk(root, &path, out)?;
            }
        } else if ty.is_file()
            && !name.ends_with(".d.ts")
            && !name.ends_with(".d.mts")
            && !name.ends_with(".d.cts")
            && !name.ends_with(".min.js")
            && e.metadata()?.len() <= MAX_BYTES
        {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}

/// `--tree FILE`: tree-sitter's tree, to write a reference's walk.
fn tree(file: &str) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
    let (_, grammar) = oracle::by_path(file).context("no grammar for this extension")?;
    let parsed = oracle::parse(grammar, &text)?;
    emit(&(parsed.tree.root_node().to_sexp() + "\n"))
}

/// `--show FILE`: both sides' readings of one file.
fn show(file: &str) -> Result<()> {
    let text = read(Path::new(file)).with_context(|| format!("reading {file}"))?;
    let (_, grammar) = oracle::by_path(file).context("no grammar for this extension")?;
    let parsed = oracle::parse(grammar, &text)?;
    if let Some(why) = parsed.error() {
        eprintln!("xcheck: tree-sitter: {why}");
    }
    let reading = oracle::read(grammar, &parsed);
    let mut s = String::from("== gap\n");
    match gap_side::outline(file, &text) {
        Some(o) => {
            for d in &o.defs {
                s += &format!(
                    "def {} {} @{}\n",
                    outline::kind_name(d.kind),
                    d.name,
                    d.line
                );
            }
            for i in &o.imports {
                s += &format!("import {} @{}\n", i.spec, i.line);
            }
        }
        None => s += "(no reader)\n",
    }
    s += "== tree-sitter\n";
    for f in &reading.defs {
        let d = &f.item;
        s += &format!(
            "def {} {} @{} ({})\n",
            outline::kind_name(d.kind),
            d.name,
            d.line,
            f.construct
        );
    }
    for f in &reading.imports {
        s += &format!(
            "import {} @{} ({})\n",
            f.item.spec, f.item.line, f.construct
        );
    }
    emit(&s)
}

/// Writes to stdout; a closed stdout ends quietly.
fn emit(s: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(s.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}
