//! Default categories: a module's folder relative to the scanned root, with a display name made from it.

/// Folder names too generic to stand alone: their parent folder's name goes in front (`kafka/events` ->
/// `Kafka Events`).
pub const GENERIC_FOLDERS: &[&str] = &[
    "api", "base", "common", "events", "handlers", "helpers", "impl", "internal", "lib", "models",
    "routes", "routers", "schemas", "types", "utils", "v1", "v2", "v3", "views",
];

/// The category id of a module path: its folder, `.` at the root.
pub fn id_of(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..i].to_string(),
        None => ".".to_string(),
    }
}

/// `kafka_events` -> `Kafka Events`.
fn title(word: &str) -> String {
    word.split(['_', '-', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The display name of category `id`; `root_name` names the scanned root for id `.`.
pub fn display_name(id: &str, root_name: &str) -> String {
    if id == "." {
        return title(root_name);
    }
    let parts: Vec<&str> = id.split('/').collect();
    let last = parts[parts.len() - 1];
    if GENERIC_FOLDERS.contains(&last.to_ascii_lowercase().as_str()) && parts.len() > 1 {
        format!("{} {}", title(parts[parts.len() - 2]), title(last))
    } else {
        title(last)
    }
}

/// Display names for every id, made unique: where two ids share a name, both show their id instead.
pub fn display_names(ids: &[String], root_name: &str) -> Vec<String> {
    let names: Vec<String> = ids.iter().map(|id| display_name(id, root_name)).collect();
    names
        .iter()
        .zip(ids)
        .map(|(name, id)| {
            if names.iter().filter(|n| *n == name).count() > 1 {
                id.clone()
            } else {
                name.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_reference_report() {
        assert_eq!(display_name("app/db/repositories", "svc"), "Repositories");
        assert_eq!(
            display_name("app/infrastructure/kafka/events", "svc"),
            "Kafka Events"
        );
        assert_eq!(display_name("workers", "svc"), "Workers");
        assert_eq!(display_name("app/core/middlewares", "svc"), "Middlewares");
        assert_eq!(display_name("app/api_v2/rate_limit", "svc"), "Rate Limit");
        assert_eq!(display_name(".", "my-service"), "My Service");
        assert_eq!(display_name("events", "svc"), "Events");
    }

    #[test]
    fn clashing_names_fall_back_to_ids() {
        let ids = vec![
            "a/x/models".to_string(),
            "b/x/models".to_string(),
            "c".to_string(),
        ];
        assert_eq!(
            display_names(&ids, "r"),
            vec!["a/x/models", "b/x/models", "C"]
        );
    }

    #[test]
    fn ids_are_folders() {
        assert_eq!(id_of("app/services/auth.py"), "app/services");
        assert_eq!(id_of("setup_tools.py"), ".");
    }
}
