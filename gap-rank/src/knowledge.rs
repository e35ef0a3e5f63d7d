//! Matching module paths and imports against the lists of the configuration: sensitive words, and the imports
//! that mean a module talks to a database, a broker, the network or the file system. The default lists live
//! in gap-core's config (docs/config.md).

/// What a sensitive word suggests, for the reason text; unknown words suggest "sensitive code".
const MEANINGS: &[(&str, &str)] = &[
    ("alert", "alerting"),
    ("auth", "authentication"),
    ("billing", "billing"),
    ("credential", "credentials"),
    ("crypt", "cryptography"),
    ("decrypt", "cryptography"),
    ("encrypt", "cryptography"),
    ("invoice", "billing"),
    ("jwt", "tokens"),
    ("login", "authentication"),
    ("oauth", "authentication"),
    ("password", "passwords"),
    ("payment", "payments"),
    ("permission", "permissions"),
    ("rbac", "permissions"),
    ("secret", "secrets"),
    ("security", "security"),
    ("signature", "signatures"),
    ("token", "tokens"),
];

/// What `word` suggests.
pub fn meaning(word: &str) -> String {
    MEANINGS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or_else(|| format!("{word} (sensitive)"), |(_, m)| m.to_string())
}

/// What the first sensitive word of `path` suggests: a word (a run of letters and digits) of the path that
/// starts with one of `words`.
pub fn sensitive_word(path: &str, words: &[String]) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .find(|word| parts.iter().any(|p| p.starts_with(word.as_str())))
        .map(|w| meaning(w))
}

/// The first of `imports` that is, or starts with (`sqlalchemy.orm`, `net/http/httptest`), an entry of `markers`.
pub fn integration_import<'a>(imports: &'a [String], markers: &[String]) -> Option<&'a str> {
    imports.iter().map(String::as_str).find(|import| {
        markers.iter().any(|m| {
            *import == m
                || (import.starts_with(m.as_str())
                    && matches!(
                        import.as_bytes().get(m.len()),
                        Some(b'.') | Some(b'/') | Some(b':')
                    ))
        })
    })
}

/// What an integration import talks to, for the reason text.
pub fn talks_to(import: &str) -> &'static str {
    const KINDS: &[(&[&str], &str)] = &[
        (
            &[
                "aiokafka",
                "kafka",
                "confluent_kafka",
                "pika",
                "aio_pika",
                "nats",
                "celery",
            ],
            "a message broker",
        ),
        (
            &[
                "httpx",
                "requests",
                "aiohttp",
                "urllib",
                "http.client",
                "grpc",
                "socket",
                "websockets",
                "net/http",
                "reqwest",
                "java.net",
                "smtplib",
                "ftplib",
                "paramiko",
            ],
            "the network",
        ),
        (&["aiofiles", "shutil"], "the file system"),
        (&["subprocess"], "other processes"),
        (
            &[
                "boto3",
                "botocore",
                "aiobotocore",
                "google.cloud",
                "kubernetes",
            ],
            "cloud services",
        ),
        (&["redis", "aioredis"], "a cache or database"),
    ];
    KINDS
        .iter()
        .find(|(names, _)| names.iter().any(|n| import.starts_with(n)))
        .map_or("a database", |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gap_core::Config;

    fn defaults() -> Config {
        Config::default()
    }

    #[test]
    fn meanings_are_sorted_for_review() {
        assert!(MEANINGS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn sensitive_words_match_word_starts_only() {
        let words = defaults().sensitive;
        assert_eq!(
            sensitive_word("app/services/auth_service.py", &words).as_deref(),
            Some("authentication")
        );
        assert_eq!(
            sensitive_word("app/services/grafana_alert_processor.py", &words).as_deref(),
            Some("alerting")
        );
        assert_eq!(
            sensitive_word("app/db/tokenizer.py", &words).as_deref(),
            Some("tokens")
        );
        assert_eq!(sensitive_word("app/core/cache.py", &words), None);
        assert_eq!(
            sensitive_word("app/encrypt.py", &words).as_deref(),
            Some("cryptography")
        );
        assert_eq!(
            sensitive_word("app/scryptic.py", &words),
            None,
            "words match at their start"
        );
        assert_eq!(
            sensitive_word("app/vault.py", &["vault".to_string()]).as_deref(),
            Some("vault (sensitive)")
        );
    }

    #[test]
    fn integration_imports_match_dotted_and_slashed_prefixes() {
        let markers = defaults().integration_imports;
        let imports = vec!["pydantic".to_string(), "sqlalchemy.orm".to_string()];
        assert_eq!(
            integration_import(&imports, &markers),
            Some("sqlalchemy.orm")
        );
        assert_eq!(talks_to("sqlalchemy.orm"), "a database");
        assert_eq!(
            integration_import(&["requestsx".to_string()], &markers),
            None
        );
        assert_eq!(
            integration_import(&["net/http".to_string()], &markers),
            Some("net/http")
        );
        assert_eq!(talks_to("net/http"), "the network");
        assert_eq!(
            integration_import(&["urllib.parse".to_string()], &markers),
            None
        );
        assert_eq!(talks_to("redis"), "a cache or database");
    }
}
