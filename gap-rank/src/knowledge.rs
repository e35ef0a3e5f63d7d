//! What gap-rank knows about names and imports, kept as data: sensitive words and the imports that mean a
//! module talks to a database, a broker, the network or the file system.

/// Words that make a module's name sensitive, each with what it suggests. A module is sensitive when a word
/// of its path (split on anything that is not a letter or digit) starts with one of these.
pub const SENSITIVE_WORDS: &[(&str, &str)] = &[
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

/// Imports (dotted prefixes) that make a module need Integration tests, each with what it talks to.
pub const INTEGRATION_IMPORTS: &[(&str, &str)] = &[
    ("aio_pika", "a message broker"),
    ("aiobotocore", "cloud services"),
    ("aiofiles", "the file system"),
    ("aiohttp", "the network"),
    ("aiokafka", "a message broker"),
    ("aiomysql", "a database"),
    ("aioredis", "a cache or database"),
    ("aiosqlite", "a database"),
    ("asyncpg", "a database"),
    ("boto3", "cloud services"),
    ("botocore", "cloud services"),
    ("cassandra", "a database"),
    ("celery", "a task queue"),
    ("confluent_kafka", "a message broker"),
    ("databases", "a database"),
    ("django.db", "a database"),
    ("elasticsearch", "a search engine"),
    ("ftplib", "the network"),
    ("google.cloud", "cloud services"),
    ("grpc", "the network"),
    ("http.client", "the network"),
    ("httpx", "the network"),
    ("kafka", "a message broker"),
    ("kubernetes", "a cluster API"),
    ("motor", "a database"),
    ("mysql", "a database"),
    ("nats", "a message broker"),
    ("paramiko", "the network"),
    ("peewee", "a database"),
    ("pika", "a message broker"),
    ("psycopg", "a database"),
    ("psycopg2", "a database"),
    ("pymongo", "a database"),
    ("pymysql", "a database"),
    ("redis", "a cache or database"),
    ("requests", "the network"),
    ("shutil", "the file system"),
    ("smtplib", "the network"),
    ("socket", "the network"),
    ("sqlalchemy", "a database"),
    ("sqlite3", "a database"),
    ("sqlmodel", "a database"),
    ("subprocess", "other processes"),
    ("tortoise", "a database"),
    ("urllib.request", "the network"),
    ("urllib3", "the network"),
    ("websockets", "the network"),
];

/// The first sensitive word of `path`, with what it suggests.
pub fn sensitive_word(path: &str) -> Option<(&'static str, &'static str)> {
    let lower = path.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    SENSITIVE_WORDS
        .iter()
        .find(|(word, _)| words.iter().any(|w| w.starts_with(word)))
        .copied()
}

/// The first import of `imports` that calls for Integration tests: (the import, what it talks to).
pub fn integration_import(imports: &[String]) -> Option<(&str, &'static str)> {
    imports.iter().find_map(|import| {
        INTEGRATION_IMPORTS
            .iter()
            .find(|(prefix, _)| {
                import == prefix
                    || (import.starts_with(prefix) && import.as_bytes()[prefix.len()] == b'.')
            })
            .map(|(_, what)| (import.as_str(), *what))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_review() {
        assert!(SENSITIVE_WORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(INTEGRATION_IMPORTS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn sensitive_words_match_word_starts_only() {
        assert_eq!(
            sensitive_word("app/services/auth_service.py").map(|s| s.1),
            Some("authentication")
        );
        assert_eq!(
            sensitive_word("app/services/grafana_alert_processor.py").map(|s| s.1),
            Some("alerting")
        );
        assert_eq!(
            sensitive_word("app/services/author_index.py").map(|s| s.0),
            Some("auth")
        );
        assert_eq!(
            sensitive_word("app/db/tokenizer.py").map(|s| s.0),
            Some("token")
        );
        assert_eq!(sensitive_word("app/core/cache.py"), None);
        assert_eq!(
            sensitive_word("app/encrypt.py").map(|s| s.0),
            Some("encrypt")
        );
        assert_eq!(
            sensitive_word("app/scryptic.py"),
            None,
            "words match at their start"
        );
    }

    #[test]
    fn integration_imports_match_dotted_prefixes() {
        let imports = vec!["pydantic".to_string(), "sqlalchemy.orm".to_string()];
        assert_eq!(
            integration_import(&imports),
            Some(("sqlalchemy.orm", "a database"))
        );
        assert_eq!(integration_import(&["requestsx".to_string()]), None);
        assert_eq!(
            integration_import(&["redis".to_string()]),
            Some(("redis", "a cache or database"))
        );
        assert_eq!(integration_import(&["urllib.parse".to_string()]), None);
    }
}
