//! Django settings that name, by dotted strings, code the framework runs on every request a test client
//! makes: `MIDDLEWARE`, `AUTHENTICATION_BACKENDS`, Django REST framework's `DEFAULT_AUTHENTICATION_CLASSES`
//! and the other keys of [`table::PER_REQUEST_SETTINGS`], a template engine's `context_processors`.

use super::declare::plain;
use super::syntax::{closing, expr, Kind, Syntax, Tok};
use super::table;

/// A dotted string a per-request setting lists: `'netbox.middleware.CoreMiddleware'` under `MIDDLEWARE`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SettingName {
    /// The setting (or the settings dict's key) listing it.
    pub setting: String,
    /// The dotted name as written.
    pub target: String,
    /// 1-based line.
    pub line: u32,
}

/// The dotted strings of the per-request settings `toks` (a Python file) assigns: `NAME = [...]`,
/// `NAME += [...]`, `NAME.append(...)` (and the other list methods) for a setting of the table, and
/// `'KEY': ...` for a key of the table inside any dict (`REST_FRAMEWORK = {...}`, `TEMPLATES`' `OPTIONS`).
pub fn read(toks: &[Tok], syntax: Syntax) -> Vec<SettingName> {
    let mut out = Vec::new();
    if syntax != Syntax::Python {
        return out;
    }
    let listed = |text: &str| table::per_request_setting(text).is_some();
    for (i, t) in toks.iter().enumerate() {
        let (setting, from) = match t.kind {
            Kind::Name if listed(t.text) => match (toks.get(i + 1), toks.get(i + 2)) {
                (Some(a), _) if a.is(b'=') => (t.text.to_string(), i + 2),
                (Some(a), Some(b)) if a.is(b'+') && b.is(b'=') => (t.text.to_string(), i + 3),
                (Some(a), Some(b)) if a.is(b'.') && b.kind == Kind::Name => {
                    (t.text.to_string(), i + 3)
                }
                _ => continue,
            },
            Kind::Str if toks.get(i + 1).is_some_and(|a| a.is(b':')) => {
                match plain(&expr(toks, i, i + 1, syntax)) {
                    Some(key) if listed(&key) => (key, i + 2),
                    _ => continue,
                }
            }
            _ => continue,
        };
        let Some(first) = toks.get(from) else {
            continue;
        };
        let end = match first.kind {
            Kind::Op(b'(' | b'[' | b'{') => closing(toks, from).min(toks.len() - 1),
            _ => from,
        };
        for j in from..=end {
            if toks[j].kind != Kind::Str {
                continue;
            }
            if let Some(target) = plain(&expr(toks, j, j + 1, syntax)).filter(|s| dotted(s)) {
                out.push(SettingName {
                    setting: setting.clone(),
                    target,
                    line: toks[j].line,
                });
            }
        }
    }
    out
}

/// `pkg.mod.Name`: names joined by dots, two at least.
fn dotted(s: &str) -> bool {
    s.contains('.') && s.split('.').all(super::is_identifier)
}

#[cfg(test)]
mod tests {
    use super::super::syntax::tokens;
    use super::*;

    fn names(src: &str) -> Vec<(String, String, u32)> {
        read(&tokens(src, Syntax::Python), Syntax::Python)
            .into_iter()
            .map(|s| (s.setting, s.target, s.line))
            .collect()
    }

    #[test]
    fn settings_lists_and_dict_keys() {
        let src = "MIDDLEWARE = [\n    'django.middleware.common.CommonMiddleware',\n    'app.middleware.Audit',  # ours\n]\nif METRICS:\n    MIDDLEWARE += ['app.metrics.Before']\nMIDDLEWARE.append('app.metrics.After')\nAUTHENTICATION_BACKENDS = ['app.auth.Backend', *EXTRA]\nREST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': ('app.api.auth.TokenAuth',),\n    'DEFAULT_PAGINATION_CLASS': 'app.api.pages.Pages',\n    'DEFAULT_SCHEMA_CLASS': 'app.api.schema.Schema',\n    'PAGE_SIZE': 50,\n}\nTEMPLATES = [{'OPTIONS': {'context_processors': ['app.context.settings']}}]\nROOT_URLCONF = 'app.urls'\nNAME = 'not.a.setting'\n";
        let got = names(src);
        let want: Vec<(String, String, u32)> = [
            ("MIDDLEWARE", "django.middleware.common.CommonMiddleware", 2),
            ("MIDDLEWARE", "app.middleware.Audit", 3),
            ("MIDDLEWARE", "app.metrics.Before", 6),
            ("MIDDLEWARE", "app.metrics.After", 7),
            ("AUTHENTICATION_BACKENDS", "app.auth.Backend", 8),
            (
                "DEFAULT_AUTHENTICATION_CLASSES",
                "app.api.auth.TokenAuth",
                10,
            ),
            ("DEFAULT_PAGINATION_CLASS", "app.api.pages.Pages", 11),
            ("context_processors", "app.context.settings", 15),
        ]
        .iter()
        .map(|(s, t, l)| (s.to_string(), t.to_string(), *l))
        .collect();
        assert_eq!(got, want);
    }
}
