//! Names from a scanned tree or a document are data, never markup or terminal commands: the escaping every
//! renderer and every diagnostic uses, one function per output context.
//!
//! - [`line`]: terminals, stderr and any one-line text: control characters (C0, DEL, C1), line and paragraph
//!   separators and bidirectional overrides become visible `\u{..}` escapes, so a name can neither clear the
//!   screen, retitle the terminal, reorder what is shown, nor start a line of its own.
//! - [`markdown`]: markdown text outside code: [`line`], then every ASCII punctuation character markdown gives a
//!   meaning to is backslash-escaped, so no heading, link, image, emphasis, raw HTML, entity or table cell
//!   boundary can come from a name.
//! - [`markdown_code`]: an inline code span that no backtick in the name can close, safe in table cells.
//! - [`fence`]: the fence for a fenced block whose lines hold names: longer than any backtick run in them.
//! - [`html`]: text inside HTML elements (`<summary>`).
//! - [`github_data`], [`github_property`]: the message and the properties of a GitHub Actions workflow
//!   command (`::warning file=P,line=N,title=T::MESSAGE`), as GitHub's own toolkit escapes them.

use std::borrow::Cow;

/// True for characters that must never reach an output raw.
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{200e}' | '\u{200f}' // left-to-right and right-to-left marks
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{feff}' // zero-width no-break space
        )
}

/// `text` on one line with every control character shown as `\u{..}` (`\n`, `\r`, `\t` as themselves), and
/// a backslash doubled only where it would otherwise read as one of these escapes.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Punctuation that acts wherever it stands: code, emphasis, links and images, raw HTML and autolinks,
/// entities, table cells, strikethrough, math and mentions.
const MARKDOWN_ALWAYS: &[char] = &[
    '\\', '`', '*', '[', ']', '<', '>', '|', '&', '~', '$', '@', '#', '!', '{', '}',
];

/// Punctuation that acts only at the start of a line: headings, quotes, lists, setext underlines.
const MARKDOWN_LINE_START: &[char] = &['-', '+', '=', '>', '#'];

/// `text` for markdown outside code: one line, and every character that markdown would act on escaped with a
/// backslash, so no heading, link, image, emphasis, raw HTML, entity, autolink, mention or table cell
/// boundary can come from a name. Punctuation that only acts in some places is escaped only there, so plain
/// names stay readable in the raw text: `_` only beside a non-alphanumeric character (`parse_alert` stays,
/// `_x_` does not), `:` only before `/` (`http://`), `.` only after `www`, a list number's `.` or `)` and
/// `- + = > #` only at the start.
pub fn markdown(text: &str) -> String {
    let flat = line(text);
    let chars: Vec<char> = flat.chars().collect();
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    let list_number = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(flat.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = MARKDOWN_ALWAYS.contains(&c)
            || (i == 0 && MARKDOWN_LINE_START.contains(&c))
            || (c == '_' && !(word(i.checked_sub(1)) && word(Some(i + 1))))
            || (c == ':' && chars.get(i + 1) == Some(&'/'))
            || (c == '.'
                && i >= 3
                && chars[i - 3..i]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("www"))
            || ((c == '.' || c == ')') && list_number > 0 && i == list_number);
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// `text` as an inline code span: one line, delimited by more backticks than any run inside it, padded where
/// it starts or ends with a backtick, and `|` escaped so the span is safe in a table cell (GitHub splits cells
/// before it reads code spans, and shows `\|` there as `|`).
pub fn markdown_code(text: &str) -> String {
    let flat = line(text);
    let ticks = "`".repeat(longest_backtick_run(&flat) + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = flat.replace('|', "\\|");
    format!("{ticks}{pad}{body}{pad}{ticks}")
}

/// The fence for a fenced code block holding `lines`: at least three backticks and more than the longest run
/// of backticks in any line, so no line can close it. Lines must have gone through [`line`].
pub fn fence<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let longest = lines
        .into_iter()
        .map(longest_backtick_run)
        .max()
        .unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// `text` inside an HTML element: one line, `&`, `<`, `>`, `"` and `'` as entities. Markdown is not read
/// inside an HTML block, so nothing else needs escaping there.
pub fn html(text: &str) -> String {
    let flat = line(text);
    let mut out = String::with_capacity(flat.len() + 8);
    for c in flat.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as the message of a GitHub Actions workflow command: one line ([`line`]), then `%`, `\r` and `\n`
/// percent-encoded as GitHub's toolkit does (`escapeData`), so a name can neither end the command's line nor
/// start a command of its own.
pub fn github_data(text: &str) -> String {
    let flat = line(text);
    let mut out = String::with_capacity(flat.len() + 8);
    for c in flat.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as the value of a property of a GitHub Actions workflow command (`file=`, `title=`): as
/// [`github_data`], and `:` and `,` too, which would end the value (`escapeProperty`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_become_visible_and_lines_stay_single() {
        assert_eq!(line("plain/path.py"), "plain/path.py");
        assert_eq!(
            line("a\u{1b}]0;owned\u{7}b\nc\rd"),
            "a\\u{1b}]0;owned\\u{7}b\\nc\\rd"
        );
        assert_eq!(line("x\u{202e}yp.exe"), "x\\u{202e}yp.exe");
        assert_eq!(line("\u{9b}2J"), "\\u{9b}2J");
        assert!(!line("gap-scan: warning: x\ngap-scan: warning: forged").contains('\n'));
    }

    #[test]
    fn markdown_text_cannot_open_links_html_or_headings() {
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            markdown("<img src=x onerror=y>"),
            "\\<img src=x onerror=y\\>"
        );
        assert_eq!(markdown("# INJECTED"), "\\# INJECTED");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("x\n# y"), "x\\\\n\\# y");
        assert_eq!(markdown("&lt;b&gt;"), "\\&lt;b\\&gt;");
        assert_eq!(markdown("@org/team"), "\\@org/team");
        assert_eq!(markdown("$x$"), "\\$x\\$");
    }

    #[test]
    fn plain_names_stay_readable_and_only_acting_punctuation_is_escaped() {
        assert_eq!(markdown("auth_service.py"), "auth_service.py");
        assert_eq!(markdown("app/services/users.py"), "app/services/users.py");
        assert_eq!(markdown("_private_"), "\\_private\\_");
        assert_eq!(markdown("__init__.py"), "\\_\\_init\\_\\_.py");
        assert_eq!(markdown("a *b* c"), "a \\*b\\* c");
        assert_eq!(markdown("https://evil.example"), "https\\://evil.example");
        assert_eq!(markdown("see www.evil.example"), "see www\\.evil.example");
        assert_eq!(markdown("1. item"), "1\\. item");
        assert_eq!(markdown("2020) x"), "2020\\) x");
        assert_eq!(markdown("- x"), "\\- x");
        assert_eq!(markdown("a-b+c=d"), "a-b+c=d");
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(markdown_code("app/x.py"), "`app/x.py`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("a\nb"), "`a\\nb`");
    }

    #[test]
    fn fences_outlast_the_backticks_inside() {
        assert_eq!(fence(["app/", "└── x.py"]), "```");
        assert_eq!(fence(["z", "```", "# INJECTED"]), "````");
        assert_eq!(fence(["a`````b"]), "``````");
        assert_eq!(fence(std::iter::empty()), "```");
    }

    #[test]
    fn github_commands_cannot_be_ended_or_forged_by_a_name() {
        assert_eq!(github_data("50% of a::b"), "50%25 of a::b");
        assert_eq!(
            github_data("x\n::error::forged"),
            "x\\n::error::forged",
            "one line, so no command can start"
        );
        assert_eq!(github_data("100%0A"), "100%250A");
        assert_eq!(
            github_property("app/a,b:c.py"),
            "app/a%2Cb%3Ac.py",
            "a comma or colon would end the property"
        );
        assert_eq!(github_property("%3A"), "%253A");
        assert!(!github_property("a\r\nb").contains(['\r', '\n']));
    }

    #[test]
    fn html_text_is_entities() {
        assert_eq!(
            html("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
