//! Colour: when to use it (`--color`, a terminal, `NO_COLOR`) and the ANSI codes.

use clap::ValueEnum;
use gap_core::Priority;

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Whether to colour, given the choice, whether stdout is a terminal and the value of `NO_COLOR`.
pub fn use_color(choice: ColorChoice, is_terminal: bool, no_color: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty),
    }
}

/// Paints text, or leaves it alone when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    /// Colour on or off.
    pub on: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// Red, for ❌ lines.
    pub fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }

    /// Yellow, for ⚠️ lines.
    pub fn yellow(self, text: &str) -> String {
        self.wrap("33", text)
    }

    /// A priority in its colour: CRITICAL red bold, HIGH red, MEDIUM yellow, LOW dim.
    pub fn priority(self, p: Priority, text: &str) -> String {
        let code = match p {
            Priority::Critical => "1;31",
            Priority::High => "31",
            Priority::Medium => "33",
            Priority::Low => "2",
        };
        self.wrap(code, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_only_under_auto() {
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(use_color(ColorChoice::Auto, true, Some("")));
        assert!(!use_color(ColorChoice::Auto, true, Some("1")));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(use_color(ColorChoice::Always, false, Some("1")));
        assert!(!use_color(ColorChoice::Never, true, None));
    }
}
