//! `gap man [NAME] [--dir DIR]`: the man page of every shipped binary, generated from its clap definition by
//! clap_mangen (render one with `gap man gap-scan | groff -man -Tutf8`, or `man -l`). gap's own page lists
//! its commands by hand, each stage pointing at its binary's page, and says how plugins are found.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use clap_mangen::roff::{bold, italic, roman, Roff};

use crate::binaries::{self, Binary, BINARIES};

/// The exit codes, for every page.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "It ran fine."),
    ("1", "It ran fine and a gate you asked for failed."),
    (
        "2",
        "Bad usage, bad input or an internal error; one line on stderr says which.",
    ),
];

/// The variables gap reads, and those it sets for a plugin.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("NO_COLOR", "When set and not empty, no colour unless --color always."),
    ("COLUMNS", "The width the table and tree formats fit, before the terminal's."),
    ("PATH", "Where plugins are looked up after gap's own folder: absolute entries outside the tree only."),
    ("GAP", "Set for a plugin: the gap binary that runs it."),
    ("GAP_VERSION", "Set for a plugin: gap's version."),
    ("GAP_ROOT", "Set for a plugin: the folder gap works on, absolute (the current folder)."),
    ("GAP_COLOR", "Set for a plugin: always or never, as gap-report would decide for this stdout."),
];

/// A section of `.TP` paragraphs: a bold tag and its text.
fn tagged(roff: &mut Roff, heading: &str, items: &[(String, String)]) {
    roff.control("SH", [heading]);
    for (tag, text) in items {
        roff.control("TP", []);
        roff.text([bold(tag.as_str())]);
        roff.text([roman(text.as_str())]);
    }
}

/// gap's own synopsis, its usage lines.
fn gap_synopsis(roff: &mut Roff) {
    roff.control("SH", ["SYNOPSIS"]);
    let lines: [&[(&str, bool)]; 4] = [
        &[
            ("gap", true),
            (" [OPTIONS] [", false),
            ("PATH", false),
            ("]", false),
        ],
        &[("gap", true), (" [OPTIONS] -- ", false), ("PATH", false)],
        &[("gap", true), (" COMMAND [ARGS]...", false)],
        &[("gap", true), (" NAME [ARGS]...", false)],
    ];
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            roff.control("br", []);
        }
        let inlines: Vec<_> = line
            .iter()
            .map(|(t, b)| if *b { bold(*t) } else { roman(*t) })
            .collect();
        roff.text(inlines);
    }
}

/// gap's commands: each stage pointing at its binary's page, the others with their arguments.
fn gap_commands(cmd: &clap::Command) -> Vec<(String, String)> {
    cmd.get_subcommands()
        .map(|sub| {
            let name = sub.get_name();
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            let stage = format!("gap-{name}");
            if crate::plugins::STAGE_BINARIES.contains(&stage.as_str()) {
                (
                    format!("{name} [ARGS]..."),
                    format!("{about}. The stage {stage} with exactly its flags; see {stage}(1)."),
                )
            } else {
                let args: Vec<String> = sub
                    .get_arguments()
                    .filter(|a| !a.is_hide_set() && a.get_id() != "help")
                    .map(|a| match (a.get_long(), a.get_value_names()) {
                        (Some(l), Some(v)) => format!("[--{l} {}]", v.join(" ")),
                        (Some(l), None) => format!("[--{l}]"),
                        (None, v) => {
                            let v = v
                                .map(|v| v.join(" "))
                                .unwrap_or_else(|| a.get_id().to_string());
                            if a.is_required_set() {
                                v.to_uppercase()
                            } else {
                                format!("[{}]", v.to_uppercase())
                            }
                        }
                    })
                    .collect();
                (format!("{name} {}", args.join(" ")), format!("{about}."))
            }
        })
        .collect()
}

/// The page of `binary` in roff, section 1.
pub fn page(binary: &Binary) -> Result<Vec<u8>> {
    let cmd = (binary.command)();
    let is_gap = binary.name == "gap";
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    let context = || format!("rendering the man page of {}", binary.name);
    man.render_title(&mut out).with_context(context)?;
    man.render_name_section(&mut out).with_context(context)?;
    let mut roff = Roff::new();
    if is_gap {
        gap_synopsis(&mut roff);
        out.extend(roff.render().into_bytes());
        man.render_description_section(&mut out)
            .with_context(context)?;
        let mut roff = Roff::new();
        for paragraph in crate::cli::AFTER_HELP.split("\n\n") {
            roff.control("PP", []);
            roff.text([roman(paragraph.replace('\n', " "))]);
        }
        out.extend(roff.render().into_bytes());
    } else {
        man.render_synopsis_section(&mut out)
            .with_context(context)?;
        man.render_description_section(&mut out)
            .with_context(context)?;
    }
    man.render_options_section(&mut out).with_context(context)?;
    let mut roff = Roff::new();
    if is_gap {
        tagged(&mut roff, "COMMANDS", &gap_commands(&cmd));
        roff.control("TP", []);
        roff.text([bold("NAME [ARGS]...")]);
        roff.text([
            roman("Any other name runs the plugin "),
            italic("gap-NAME"),
            roman(" with ARGS; see PLUGINS."),
        ]);
        tagged(
            &mut roff,
            "PLUGINS",
            &[(
                "Where they are looked up".to_string(),
                "Beside the gap binary first, then in each PATH entry that is absolute and lies outside the git work \
                 tree around the current folder (or the current folder itself). Relative and empty entries are \
                 skipped, so a repository cannot plant gap-NAME through node_modules/.bin or the current folder. \
                 Plugins found there are named by gap --list and in the error, never run."
                    .to_string(),
            )],
        );
    }
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let mut exit = pairs(EXIT_STATUS);
    if is_gap {
        exit.push((
            "other".into(),
            "A plugin's own exit code, passed through.".into(),
        ));
    }
    tagged(&mut roff, "EXIT STATUS", &exit);
    if is_gap {
        tagged(&mut roff, "ENVIRONMENT", &pairs(ENVIRONMENT));
    }
    out.extend(roff.render().into_bytes());
    man.render_version_section(&mut out).with_context(context)?;
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    let others: Vec<String> = BINARIES
        .iter()
        .filter(|b| b.name != binary.name)
        .map(|b| format!("{}(1)", b.name))
        .collect();
    roff.text([roman(format!(
        "{}; docs/ in the source: schema.md, config.md, ranking.md, plugins.md.",
        others.join(", ")
    ))]);
    out.extend(roff.render().into_bytes());
    Ok(out)
}

/// Prints the page of `name`, or with `dir` writes every binary's page there as `NAME.1` and names them on
/// stderr.
pub fn run(name: &str, dir: Option<&Path>) -> Result<gap_core::Exit> {
    match dir {
        None => {
            let binary = binaries::find(name).ok_or_else(|| {
                let names: Vec<&str> = BINARIES.iter().map(|b| b.name).collect();
                anyhow!(
                    "no man page for {:?}; there is one for each of {}",
                    gap_core::escape::line(name),
                    names.join(", ")
                )
            })?;
            gap_core::write_output(&String::from_utf8_lossy(&page(binary)?))?;
        }
        Some(dir) => binaries::write_each(dir, |b| format!("{}.1", b.name), page)?,
    }
    Ok(gap_core::Exit::Success)
}
