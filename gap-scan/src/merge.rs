//! `gap merge` (`gap-merge`): joins the shard documents of one scan ([`crate::shard`]) and runs the back half of
//! the scan ([`crate::scan::back`]) on the union of their facts, so the document is the one `gap-scan` writes
//! for the whole tree, byte for byte.
//!
//! Shards are read as every stage reads a document (`gap_core::read_input`: refused at the first byte that
//! cannot belong to one, a key written twice is an error, fields this version does not know are passed over),
//! then checked: all of one scan (same root, configuration, gap-scan version, fact encoding, tree, commit and
//! history), each shard once, none missing. Any failure is one line naming the file.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use clap::Parser;
use gap_core::{Document, Exit, ModuleHistory};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::reader::{self, AnyReader};
use crate::shard::{self, FileFact, ShardInfo, Tree};
use crate::{accept, lang, routes, scan, thin, units};

/// Joins the shard documents of one scan (`gap-scan --shard K/N`, one per K) into the document `gap-scan`
/// writes for the whole tree.
#[derive(Debug, Parser)]
#[command(name = "gap-merge", version)]
pub struct Args {
    /// The shard documents, each shard once, in any order (`-`: stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub quiet: gap_core::diag::Quiet,
}

/// Runs gap-merge.
pub fn run(args: Args) -> Result<Exit> {
    args.quiet.apply();
    let mut shards = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let doc = gap_core::read_input(Some(path)).map_err(|e| anyhow!("{e}"))?;
        shards.push((path.display().to_string(), doc));
    }
    let doc = merge(shards)?;
    crate::print_warnings_of("gap-merge", &doc);
    gap_core::write_document(&doc, std::io::stdout().lock())?;
    Ok(Exit::Success)
}

/// One shard document, read.
struct Part {
    /// Where it came from, for errors.
    source: String,
    info: ShardInfo,
    tree: Tree,
    facts: Vec<FileFact>,
    doc: Document,
}

/// The field `key` of a shard document's unknown fields, read as `T`.
fn field<T: DeserializeOwned>(doc: &mut Document, source: &str, key: &str) -> Result<T> {
    let value = doc.extra.remove(key).ok_or_else(|| {
        anyhow!("{source}: not a valid shard document: no `{key}` field (written by `gap-scan --shard K/N`?)")
    })?;
    serde_json::from_value(value)
        .map_err(|e| anyhow!("{source}: not a valid shard document: `{key}`: {e}"))
}

/// The shard document `doc` read from `source`, checked to be one this merge reads.
fn part(source: String, mut doc: Document) -> Result<Part> {
    match doc.extra.remove("kind") {
        Some(Value::String(k)) if k == shard::KIND => {}
        Some(other) => bail!(
            "{source}: `kind` is {other}, not \"{}\"; gap merge reads what `gap-scan --shard K/N` writes",
            shard::KIND
        ),
        None => bail!(
            "{source}: not a shard document (no `kind`); gap merge reads what `gap-scan --shard K/N` writes"
        ),
    }
    let ours = env!("CARGO_PKG_VERSION");
    if doc.tool.name != "gap-scan" || doc.tool.version != ours {
        bail!(
            "{source}: written by {} {}; this gap merge reads shards of gap-scan {ours} (run the shards and the \
             merge with one version)",
            gap_core::escape::line(&doc.tool.name),
            gap_core::escape::line(&doc.tool.version)
        );
    }
    let info: ShardInfo = field(&mut doc, &source, "shard")?;
    if info.facts != shard::FACTS_VERSION {
        bail!(
            "{source}: facts of encoding {}; this gap merge reads encoding {}",
            info.facts,
            shard::FACTS_VERSION
        );
    }
    if info.count == 0 || info.index == 0 || info.index > info.count {
        bail!(
            "{source}: not a valid shard document: shard {}/{} (K must be 1 to N)",
            info.index,
            info.count
        );
    }
    let tree: Tree = field(&mut doc, &source, "tree")?;
    let facts: Vec<FileFact> = field(&mut doc, &source, "facts")?;
    for f in &facts {
        let belongs = shard::owner(&f.path, info.count);
        if belongs != info.index {
            bail!(
                "{source}: holds the facts of {}, which belong to shard {belongs}/{}, not {}/{}",
                gap_core::escape::line(&f.path),
                info.count,
                info.index,
                info.count
            );
        }
    }
    Ok(Part {
        source,
        info,
        tree,
        facts,
        doc,
    })
}

/// What every shard of one scan shares, as JSON for comparing: (what it is, its value).
fn shared(p: &Part) -> Result<Vec<(&'static str, Value)>> {
    let d = &p.doc;
    Ok(vec![
        ("root", Value::from(d.root.clone())),
        ("shard count", Value::from(p.info.count)),
        ("configuration", serde_json::to_value(&d.config)?),
        ("history", serde_json::to_value(&d.history)?),
        ("head commit", serde_json::to_value(&d.head_commit)?),
        (
            "place in the repository",
            serde_json::to_value(&d.repo_path)?,
        ),
        (
            "tree (files, project markers)",
            serde_json::to_value(&p.tree)?,
        ),
    ])
}

/// Checks that `parts` are the shards of one scan, each once, none missing.
fn check(parts: &[Part]) -> Result<()> {
    let Some(first) = parts.first() else {
        bail!("no shard documents given");
    };
    let expected = shared(first)?;
    let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
    for p in parts {
        for ((what, want), (_, got)) in expected.iter().zip(shared(p)?) {
            if *want != got {
                bail!(
                    "{}: its {what} differs from {}'s; the shards of one scan share it (same commit, \
                     configuration, flags and gap-scan version)",
                    p.source,
                    first.source
                );
            }
        }
        if let Some(other) = seen.insert(p.info.index, &p.source) {
            bail!(
                "{}: shard {}/{} again ({other} is that shard too); give each shard once",
                p.source,
                p.info.index,
                p.info.count
            );
        }
    }
    let count = first.info.count;
    let missing: Vec<String> = (1..=count)
        .filter(|k| !seen.contains_key(k))
        .take(10)
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}: shard{} {} of this scan missing; the merge needs all {count}",
            first.source,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        );
    }
    Ok(())
}

/// The document of the whole scan from its shard documents `shards` ((where each came from, the document)).
pub fn merge(shards: Vec<(String, Document)>) -> Result<Document> {
    merge_with(shards, reader::READERS)
}

/// [`merge`] with the readers `readers`.
fn merge_with(shards: Vec<(String, Document)>, readers: &[&dyn AnyReader]) -> Result<Document> {
    let parts = shards
        .into_iter()
        .map(|(source, doc)| part(source, doc))
        .collect::<Result<Vec<Part>>>()?;
    check(&parts)?;
    let first = &parts[0];
    let config = first.doc.config.clone().unwrap_or_default();
    let label = first.doc.root.clone();
    let history = first.doc.history.clone().unwrap_or_default();
    let (head_commit, repo_path) = (first.doc.head_commit.clone(), first.doc.repo_path.clone());
    let tree = first.tree.clone();

    let mut warnings = Vec::new();
    let mut excluded = Vec::new();
    // Every file's facts, with the shard it came from, in walk order.
    let mut files: Vec<(String, FileFact)> = Vec::new();
    for p in parts {
        warnings.extend(p.doc.warnings);
        excluded.extend(p.doc.excluded);
        files.extend(p.facts.into_iter().map(|f| (p.source.clone(), f)));
    }
    files.sort_by_key(|(_, f)| f.order);
    for pair in files.windows(2) {
        if pair[0].1.order == pair[1].1.order {
            bail!(
                "{}: file {} of the walk is in {} too; shards of one scan do not overlap",
                pair[1].0,
                pair[1].1.order,
                pair[0].0
            );
        }
    }
    let mut langs = Vec::with_capacity(files.len());
    for (source, f) in &files {
        let l = lang::by_id(&f.language).ok_or_else(|| {
            anyhow!(
                "{source}: {}: unknown language {:?}",
                gap_core::escape::line(&f.path),
                gap_core::escape::line(&f.language)
            )
        })?;
        langs.push(l);
    }
    let paths: Vec<String> = files.iter().map(|(_, f)| f.path.clone()).collect();
    let mut route_facts: HashMap<String, routes::ShardRoutes> = HashMap::new();
    let mut histories: HashMap<String, ModuleHistory> = HashMap::new();
    let mut accept_texts: HashMap<String, String> = HashMap::new();
    let mut parsed: Vec<Option<Result<Value, String>>> = Vec::with_capacity(files.len());
    let mut sources: Vec<String> = Vec::with_capacity(files.len());
    for (source, f) in files {
        if let Some(r) = f.routes {
            route_facts.insert(f.path.clone(), r);
        }
        if let Some(h) = f.history {
            histories.insert(f.path.clone(), h);
        }
        if let Some(t) = f.accept_text {
            accept_texts.insert(f.path.clone(), t);
        }
        parsed.push(Some(f.reader.into_result()));
        sources.push(source);
    }

    let mut contexts = tree.contexts.clone();
    let mut bad: Option<anyhow::Error> = None;
    let units = units::units_with(paths, langs, readers, |reader, own| {
        let id = reader.language().id;
        let Some(context) = contexts.remove(id) else {
            bad.get_or_insert(anyhow!(
                "{}: no context for the {id} reader, whose files it holds",
                sources[own.indices[0]]
            ));
            return Vec::new();
        };
        let facts: Vec<Result<Value, String>> = own
            .indices
            .iter()
            .map(|&i| parsed[i].take().unwrap_or_else(|| Err(String::new())))
            .collect();
        match reader.read_facts(own.paths, facts, context.into_result()) {
            Ok(results) => results,
            Err((i, why)) => {
                let at = match own.indices.get(i) {
                    Some(&f) => format!(
                        "{}: the facts of {}",
                        sources[f],
                        gap_core::escape::line(&own.paths[i])
                    ),
                    None => format!("{}: the {id} reader's context", sources[own.indices[0]]),
                };
                bad.get_or_insert(anyhow!("{at} are not ones this gap merge reads: {why}"));
                Vec::new()
            }
        }
    });
    if let Some(e) = bad {
        return Err(e);
    }
    let read = scan::Read {
        units,
        routes: routes::merge_shards(route_facts),
        warnings,
        excluded,
    };
    let mut doc = scan::back(read, &label, &config, &tree.root_name, history, |path| {
        histories.get(path).cloned()
    });
    // As gap-scan finishes its document: thin categories, accepted gaps, the commit.
    let thin = thin::check(&doc, &tree.root_name);
    doc.warnings.extend(thin);
    doc.canonicalize();
    let texts = doc
        .modules
        .iter()
        .map(|m| accept_texts.remove(&m.path))
        .collect();
    let accepted = accept::apply_texts(&mut doc, texts, &config);
    doc.warnings.extend(accepted);
    doc.head_commit = head_commit;
    doc.repo_path = repo_path;
    doc.canonicalize();
    Ok(doc)
}
