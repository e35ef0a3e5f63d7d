//! Reading a unified diff (`git diff`, `diff -u`, a pull request's `.diff`): which files it adds, modifies or
//! renames, and which lines of each new file it changes. Names are taken from `---`/`+++` lines, `rename
//! from`/`rename to` lines and, for a file with neither (an empty new file, a binary one), from the `diff --git`
//! header; git's C-style quoting (`"a/t\303\251st.py"`) is undone, `a/` and `b/` prefixes are dropped where
//! both sides carry them, and a timestamp after a tab (`diff -u`) is cut off. Hunk bodies are read line by
//! line, so context lines are never taken for changes, whatever `-U` the diff was made with.

/// One file of a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDiff {
    /// Its path before the change (`None` for a new file).
    pub old: Option<String>,
    /// Its path after the change (`None` for a deleted file).
    pub new: Option<String>,
    /// Changed lines of the new file as `[first, last]` ranges, 1-based, sorted and merged. A deletion marks
    /// the line before it (the first line when it deletes the file's start).
    pub lines: Vec<[u64; 2]>,
}

impl FileDiff {
    /// True when the file is new.
    pub fn added(&self) -> bool {
        self.old.is_none() && self.new.is_some()
    }
}

/// Why a diff could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError {
    /// 1-based line of the diff.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Undoes git's C-style quoting of a path (`"tab\there"`, octal bytes `\303\251`); an unquoted path is
/// returned as it is.
pub fn unquote(text: &str) -> String {
    let Some(inner) = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|_| text.len() >= 2)
    else {
        return text.to_string();
    };
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let c = bytes[i + 1];
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b't' => Some(b'\t'),
            b'n' => Some(b'\n'),
            b'v' => Some(11),
            b'f' => Some(12),
            b'r' => Some(b'\r'),
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            i += 2;
            continue;
        }
        let octal: Vec<u8> = bytes[i + 1..]
            .iter()
            .take(3)
            .take_while(|b| (b'0'..=b'7').contains(b))
            .copied()
            .collect();
        if octal.len() == 3 {
            let value = octal.iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
            out.push(u8::try_from(value).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(b'\\');
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path of a `---`/`+++` line's value: unquoted, a timestamp after a tab cut off; `None` for `/dev/null`.
fn side_path(value: &str) -> Option<String> {
    let value = if value.starts_with('"') {
        value
    } else {
        value.split('\t').next().unwrap_or(value)
    };
    let value = value.trim_end_matches(['\r']);
    let path = unquote(value.trim_end());
    (path != "/dev/null").then_some(path)
}

/// The two paths of `diff --git a/X b/Y` when they are the same file (an empty or binary file without
/// `---`/`+++` lines): the header is split where its two halves are equal.
fn header_path(rest: &str) -> Option<String> {
    if let Some(inner) = rest.strip_prefix('"') {
        let end = inner.find("\" ").map(|i| i + 2)?;
        return Some(unquote(&rest[..end]));
    }
    let n = rest.len();
    if n < 5 || (n - 1) % 2 != 0 {
        return None;
    }
    let half = (n - 1) / 2;
    let (a, b) = (&rest[..half], &rest[half + 1..]);
    let strip = |s: &str| s.get(2..).map(str::to_string);
    (rest.as_bytes().get(half) == Some(&b' ') && strip(a) == strip(b)).then(|| a.to_string())
}

/// `(old start, new start)` of a hunk header `@@ -a[,b] +c[,d] @@`.
fn hunk_start(line: &str) -> Option<u64> {
    let rest = line.strip_prefix("@@ -")?;
    let plus = rest.find(" +")?;
    let new = &rest[plus + 2..];
    let end = new.find(' ').unwrap_or(new.len());
    new[..end].split(',').next()?.parse().ok()
}

/// Drops `a/` and `b/` from both sides of a file when both carry them (a diff made with `--no-prefix`, or by
/// `diff -u`, has none to drop).
fn drop_prefixes(file: &mut FileDiff, prefixed: (bool, bool)) {
    let old_ok = file.old.as_ref().is_none_or(|p| p.starts_with("a/"));
    let new_ok = file.new.as_ref().is_none_or(|p| p.starts_with("b/"));
    if !(old_ok && new_ok) || !(prefixed.0 || prefixed.1) {
        return;
    }
    for path in [&mut file.old, &mut file.new].into_iter().flatten() {
        path.drain(..2);
    }
}

/// Sorts and merges ranges that touch or overlap.
fn merge(mut ranges: Vec<[u64; 2]>) -> Vec<[u64; 2]> {
    ranges.sort();
    let mut out: Vec<[u64; 2]> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] <= last[1].saturating_add(1) => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

/// A file being read: what is known so far.
#[derive(Default)]
struct Open {
    file: FileDiff,
    /// Whether the old and new names came with `a/` / `b/` prefixes (`---`/`+++` or the git header).
    prefixed: (bool, bool),
    /// `rename from`/`rename to` names: already without prefixes.
    renamed: bool,
    /// The path from the `diff --git` header, for files without `---`/`+++` lines.
    header: Option<String>,
    /// `new file mode` / `deleted file mode` lines.
    created: bool,
    deleted: bool,
    seen_sides: bool,
    ranges: Vec<[u64; 2]>,
}

impl Open {
    fn finish(mut self) -> Option<FileDiff> {
        if !self.seen_sides && !self.renamed {
            let path = self.header.take()?;
            let prefixed = path.starts_with("a/");
            let path = if prefixed {
                path[2..].to_string()
            } else {
                path
            };
            self.file.old = (!self.created).then(|| path.clone());
            self.file.new = (!self.deleted).then_some(path);
        } else if !self.renamed {
            drop_prefixes(&mut self.file, self.prefixed);
        }
        if self.file.new.is_some() {
            self.file.lines = merge(self.ranges);
        }
        (self.file.old.is_some() || self.file.new.is_some()).then_some(self.file)
    }
}

/// Reads a unified diff. Lines outside any file (a commit message, an e-mail header) are skipped; a hunk
/// header that cannot be read is an error naming its line.
pub fn parse(text: &str) -> Result<Vec<FileDiff>, DiffError> {
    let mut files = Vec::new();
    let mut open: Option<Open> = None;
    // Inside a hunk: the next new-file line, the lines still to come on each side, and whether lines were
    // deleted since the last added or context line (a deletion not replaced by added lines marks the line
    // before it).
    let mut hunk: Option<(u64, u64, u64)> = None;
    let mut deleted = false;
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some((next, old_left, new_left)) = hunk.as_mut() {
            let o = open.as_mut().expect("a hunk belongs to a file");
            if *old_left > 0 || *new_left > 0 || line.starts_with('\\') {
                match line.as_bytes().first() {
                    Some(b'+') => {
                        o.ranges.push([*next, *next]);
                        *next += 1;
                        *new_left = new_left.saturating_sub(1);
                        deleted = false;
                    }
                    Some(b'-') => {
                        *old_left = old_left.saturating_sub(1);
                        deleted = true;
                    }
                    Some(b'\\') => {} // "\ No newline at end of file"
                    _ => {
                        if std::mem::take(&mut deleted) {
                            let at = next.saturating_sub(1).max(1);
                            o.ranges.push([at, at]);
                        }
                        *next += 1;
                        *old_left = old_left.saturating_sub(1);
                        *new_left = new_left.saturating_sub(1);
                    }
                }
                continue;
            }
            if std::mem::take(&mut deleted) {
                let at = next.saturating_sub(1).max(1);
                o.ranges.push([at, at]);
            }
            hunk = None;
        }
        if let Some(rest) = line.strip_prefix("diff --git ") {
            files.extend(open.take().and_then(Open::finish));
            open = Some(Open {
                header: header_path(rest),
                ..Default::default()
            });
        } else if let Some(value) = line.strip_prefix("--- ") {
            if open.as_ref().is_none_or(|o| o.seen_sides) {
                files.extend(open.take().and_then(Open::finish));
                open = Some(Open::default());
            }
            let o = open.as_mut().expect("opened above");
            let path = side_path(value);
            o.prefixed.0 = path.as_deref().is_some_and(|p| p.starts_with("a/"));
            if !o.renamed {
                o.file.old = path;
            }
        } else if let Some(value) = line.strip_prefix("+++ ") {
            let Some(o) = open.as_mut() else { continue };
            let path = side_path(value);
            o.prefixed.1 = path.as_deref().is_some_and(|p| p.starts_with("b/"));
            if !o.renamed {
                o.file.new = path;
            } else if path.is_none() {
                o.file.new = None;
            }
            o.seen_sides = true;
        } else if line.starts_with("@@ ") {
            let Some(o) = open.as_mut() else { continue };
            let bad = || DiffError {
                line: i + 1,
                message: format!("unreadable hunk header {:?}", gap_core::escape::line(line)),
            };
            let start = hunk_start(line).ok_or_else(bad)?;
            let counts = line
                .strip_prefix("@@ -")
                .and_then(|r| r.split(" @@").next())
                .ok_or_else(bad)?;
            let count = |part: &str| -> Option<u64> {
                match part.split_once(',') {
                    Some((_, n)) => n.parse().ok(),
                    None => Some(1),
                }
            };
            let (old, new) = counts.split_once(" +").ok_or_else(bad)?;
            let (old_n, new_n) = (count(old).ok_or_else(bad)?, count(new).ok_or_else(bad)?);
            o.seen_sides = true;
            // A new count of 0 gives the line before the change as its start.
            let next = if new_n == 0 { start + 1 } else { start };
            hunk = Some((next.max(1), old_n, new_n));
        } else if let Some(o) = open.as_mut() {
            if let Some(from) = line.strip_prefix("rename from ") {
                o.file.old = Some(unquote(from));
                o.renamed = true;
            } else if let Some(to) = line.strip_prefix("rename to ") {
                o.file.new = Some(unquote(to));
                o.renamed = true;
            } else if line.starts_with("new file mode") {
                o.created = true;
            } else if line.starts_with("deleted file mode") {
                o.deleted = true;
            }
        }
    }
    if let (Some((next, _, _)), true, Some(o)) = (hunk, deleted, open.as_mut()) {
        let at = next.saturating_sub(1).max(1);
        o.ranges.push([at, at]);
    }
    files.extend(open.take().and_then(Open::finish));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(old: Option<&str>, new: Option<&str>, lines: &[[u64; 2]]) -> FileDiff {
        FileDiff {
            old: old.map(str::to_string),
            new: new.map(str::to_string),
            lines: lines.to_vec(),
        }
    }

    #[test]
    fn a_git_diff_gives_paths_and_changed_lines() {
        let text = "\
diff --git a/app/x.py b/app/x.py
index 1111111..2222222 100644
--- a/app/x.py
+++ b/app/x.py
@@ -3,0 +4,2 @@ def f():
+    a = 1
+    b = 2
@@ -10 +12 @@ def g():
-    return 1
+    return 2
@@ -20,2 +21,0 @@ def h():
-    x
-    y
diff --git a/app/new.py b/app/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/app/new.py
@@ -0,0 +1,3 @@
+def n():
+    pass
+
diff --git a/app/gone.py b/app/gone.py
deleted file mode 100644
--- a/app/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-x = 1
";
        assert_eq!(
            parse(text).unwrap(),
            vec![
                file(
                    Some("app/x.py"),
                    Some("app/x.py"),
                    &[[4, 5], [12, 12], [21, 21]]
                ),
                file(None, Some("app/new.py"), &[[1, 3]]),
                file(Some("app/gone.py"), None, &[]),
            ]
        );
    }

    #[test]
    fn context_lines_are_not_changes() {
        let text = "\
--- a/m.py
+++ b/m.py
@@ -1,5 +1,6 @@
 def f():
     a = 1
+    b = 2
     return a
 
 
";
        assert_eq!(
            parse(text).unwrap(),
            vec![file(Some("m.py"), Some("m.py"), &[[3, 3]])]
        );
    }

    #[test]
    fn renames_quoted_names_and_files_without_hunks() {
        let text = "\
diff --git a/old/x.py b/new/x.py
similarity index 100%
rename from old/x.py
rename to new/x.py
diff --git \"a/t\\303\\251st\\tq.py\" \"b/t\\303\\251st\\tq.py\"
index 1..2 100644
--- \"a/t\\303\\251st\\tq.py\"
+++ \"b/t\\303\\251st\\tq.py\"
@@ -1 +1 @@
-a
+b
diff --git a/empty.py b/empty.py
new file mode 100644
index 0000000..e69de29
diff --git a/a b/c.py b/a b/c.py
similarity index 80%
rename from a b/c.py
rename to a b/d.py
--- a/a b/c.py\t
+++ b/a b/d.py\t
@@ -2 +2 @@
-x
+y
";
        assert_eq!(
            parse(text).unwrap(),
            vec![
                file(Some("old/x.py"), Some("new/x.py"), &[]),
                file(Some("tést\tq.py"), Some("tést\tq.py"), &[[1, 1]]),
                file(None, Some("empty.py"), &[]),
                file(Some("a b/c.py"), Some("a b/d.py"), &[[2, 2]]),
            ]
        );
    }

    #[test]
    fn plain_diff_u_output_keeps_its_paths_and_drops_timestamps() {
        let text = "\
--- src/m.py\t2024-01-01 10:00:00.000000000 +0000
+++ src/m.py\t2024-01-02 10:00:00.000000000 +0000
@@ -1 +1,2 @@
 x
+y
";
        assert_eq!(
            parse(text).unwrap(),
            vec![file(Some("src/m.py"), Some("src/m.py"), &[[2, 2]])]
        );
    }

    #[test]
    fn a_broken_hunk_header_names_its_line() {
        let err = parse("--- a/x\n+++ b/x\n@@ -1 +q @@\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: unreadable hunk header \"@@ -1 +q @@\""
        );
        assert_eq!(parse("").unwrap(), vec![]);
        assert_eq!(parse("From abc\nSubject: x\n\nbody\n").unwrap(), vec![]);
    }

    #[test]
    fn unquote_reads_octal_and_escapes() {
        assert_eq!(unquote("\"a\\\\b\\\"c\\n\""), "a\\b\"c\n");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote("\"\\303\\251\""), "é");
        assert_eq!(unquote("\""), "\"");
    }
}
