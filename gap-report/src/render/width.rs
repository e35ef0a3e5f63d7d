//! Terminal columns: how wide text shows (wide CJK and emoji take two columns, combining marks none), and
//! cutting or wrapping text to a width, so tables and trees fit the terminal.

/// Columns one char takes on a terminal.
fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        // Combining marks, zero-width joiners and the text/emoji variation selector 15.
        0x0300..=0x036F | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0E => 0,
        // Variation selector 16 turns the symbol before it into a two-column emoji (⚠ → ⚠️).
        0xFE0F => 1,
        0x1100..=0x115F
        | 0x231A..=0x231B
        | 0x23E9..=0x23EC
        | 0x25FD..=0x25FE
        | 0x2614..=0x2615
        | 0x2705
        | 0x270A..=0x270B
        | 0x274C
        | 0x274E
        | 0x2753..=0x2755
        | 0x2757
        | 0x2795..=0x2797
        | 0x2B1B..=0x2B1C
        | 0x2B50
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Columns `s` takes on a terminal (ANSI colour sequences excluded).
pub fn width(s: &str) -> usize {
    let mut n = 0;
    let mut esc = false;
    for c in s.chars() {
        match (esc, c) {
            (false, '\x1b') => esc = true,
            (true, 'm') => esc = false,
            (true, _) => {}
            (false, c) => n += char_width(c),
        }
    }
    n
}

/// `s` cut to `max` columns, ending with `…` when cut.
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut to `max` columns from the front, starting with `…` when cut (for paths: the file name stays).
pub fn cut_front(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut used = 0;
    let mut start = chars.len();
    while start > 0 && used + char_width(chars[start - 1]) < max {
        start -= 1;
        used += char_width(chars[start]);
    }
    let mut out = String::from("…");
    out.extend(&chars[start..]);
    out
}

/// `s` wrapped to lines of at most `max` columns, breaking after spaces, then after `/`, `,` or `.`, and
/// inside a word only when nothing else fits.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut rest: Vec<char> = s.chars().collect();
    while width(&rest.iter().collect::<String>()) > max {
        // The longest prefix that fits.
        let mut used = 0;
        let mut fit = 0;
        while fit < rest.len() && used + char_width(rest[fit]) <= max {
            used += char_width(rest[fit]);
            fit += 1;
        }
        let fit = fit.max(1);
        let at = (1..=fit)
            .rev()
            .find(|&i| rest[i - 1] == ' ' || rest.get(i) == Some(&' '))
            .or_else(|| {
                (1..=fit)
                    .rev()
                    .find(|&i| matches!(rest[i - 1], '/' | ',' | '.' | '_' | '-'))
            })
            .unwrap_or(fit);
        let line: String = rest[..at].iter().collect();
        lines.push(line.trim_end().to_string());
        rest.drain(..at);
        while rest.first() == Some(&' ') {
            rest.remove(0);
        }
    }
    let last: String = rest.into_iter().collect();
    if !last.is_empty() || lines.is_empty() {
        lines.push(last);
    }
    lines
}

/// `s` padded with spaces to `w` columns, on the left or the right.
pub fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The width to fit terminal output in: `COLUMNS` when set to a number, else the terminal's when stdout is
/// one, else none (no limit).
pub fn terminal_width(columns: Option<&str>, stdout_is_terminal: bool) -> Option<usize> {
    if let Some(n) = columns.and_then(|c| c.trim().parse::<usize>().ok()) {
        if n > 0 {
            return Some(n.max(MIN_WIDTH));
        }
    }
    if !stdout_is_terminal {
        return None;
    }
    #[cfg(unix)]
    {
        rustix::termios::tcgetwinsize(std::io::stdout())
            .ok()
            .map(|w| usize::from(w.ws_col))
            .filter(|&n| n > 0)
            .map(|n| n.max(MIN_WIDTH))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The narrowest width output is fitted to; narrower terminals wrap what does not fit.
pub const MIN_WIDTH: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_wide_chars_take_two_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("❌"), 2);
        assert_eq!(width("⚠️"), 2);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\x1b[31mred\x1b[0m"), 3);
    }

    #[test]
    fn cutting_keeps_the_width_and_shows_it() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("日本語", 4), "日…");
        assert_eq!(cut_front("app/services/auth.py", 10), "…s/auth.py");
        assert_eq!(width(&cut_front("app/services/auth.py", 10)), 10);
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_separators() {
        assert_eq!(
            wrap("EventRepository: find, count_by_kind, timeline", 20),
            ["EventRepository:", "find, count_by_kind,", "timeline"]
        );
        assert_eq!(
            wrap("app/services/auth_service.py", 12),
            ["app/", "services/", "auth_", "service.py"]
        );
        assert_eq!(wrap("", 5), [""]);
        assert!(wrap("x".repeat(30).as_str(), 7)
            .iter()
            .all(|l| width(l) <= 7));
    }

    #[test]
    fn columns_wins_then_the_terminal_then_no_limit() {
        assert_eq!(terminal_width(Some("80"), false), Some(80));
        assert_eq!(terminal_width(Some("10"), false), Some(MIN_WIDTH));
        assert_eq!(terminal_width(Some("wide"), false), None);
        assert_eq!(terminal_width(None, false), None);
    }
}
