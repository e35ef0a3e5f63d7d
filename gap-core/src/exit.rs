//! The one exit-code vocabulary of every gap binary.

/// How a gap binary ends. `0` ran fine; `1` ran fine and a gate the user asked for failed;
/// `2` usage, input or tool error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run completed.
    Success = 0,
    /// The run completed and a gate the user asked for failed.
    GateFailed = 1,
    /// Bad usage, bad input or an internal error.
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
