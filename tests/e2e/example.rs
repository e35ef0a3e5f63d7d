//! The shipped example, examples/service, through the whole pipeline: every module's status must be the one
//! examples/service/EXPECTED.md records, and the report must show every section.

use crate::support::{pipeline_with, repo_root};

/// The example lives in gap's own repository; its history would change the figures as gap evolves.
fn pipeline(root: &std::path::Path, report_args: &[&str]) -> crate::support::Pipeline {
    pipeline_with(root, &["--no-history"], report_args)
}

/// (module, status) rows of EXPECTED.md's table.
fn expected() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo_root().join("examples/service/EXPECTED.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| app/") || l.starts_with("| workers/"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn every_module_has_its_designed_status() {
    let p = pipeline(&repo_root().join("examples/service"), &["--format", "json"]);
    let doc = p.json();
    let got: Vec<(String, String)> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["testable"] == true)
        .map(|m| {
            (
                m["path"].as_str().unwrap().to_string(),
                m["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = expected();
    assert_eq!(want.len(), 42, "EXPECTED.md lists every testable module");
    assert_eq!(got, want);
    for status in ["untested", "import_only", "indirect", "limited", "tested"] {
        assert!(
            want.iter().any(|(_, s)| s == status),
            "the example shows {status}"
        );
    }
}

#[test]
fn the_report_shows_every_section_with_numbers_that_add_up() {
    let p = pipeline(
        &repo_root().join("examples/service"),
        &["--format", "markdown"],
    );
    let text = p.text();
    for needle in [
        "**29% of 42 modules have direct tests; 28 have none ❌, 2 are only imported ⚠️; 3 critical and 26 high-priority gaps.**",
        "## Critical Gaps (Fix Immediately)",
        "| `grafana_alert_processor.py` | Unit | parse\\_alert, severity\\_of; GrafanaAlertProcessor: process\\_webhook, +3, error cases | CRITICAL |",
        "| `event_repository.py` | Integration | EventRepository: count\\_by\\_kind, find, timeline, +6, error cases | CRITICAL |",
        // Nested folders roll up into their layer: the two in repositories/admin/ count among Repositories.
        "### Repositories with ZERO Tests (7 of 10)\n```text\napp/db/repositories/\n",
        "└── admin/admin_events_repository.py (37 lines)  - 0 tests ❌\n",
        "Tested here (3): `admin/admin_settings_repository.py`, `execution_repository.py`, `user_repository.py`\n",
        "### Domain with ZERO Tests (2 of 3)\n```text\napp/domain/\n├── saga/models.py      (30 lines) - 0 tests ❌\n",
        "### Kafka Events - ALL UNTESTED",
        "### Workers - ALL UNTESTED",
        "### Middlewares with ZERO Tests (4 of 5)",
        "### Services - 2 of 6 UNTESTED",
        "### Core with Inadequate Coverage",
        "├── notification_service.py    (68 lines) - 2 imports only ⚠️",
        "├── auth_service.py            (36 lines) - 0 direct tests, reached via users.py ❌",
        "└── event_bus.py               (72 lines) - limited: 2 of 9 public symbols ⚠️",
        "| Repositories | 10 | 7 | 0 | 30% |",
        "| Domain | 3 | 2 | 1 | 33% |",
        "## Summary",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    // The TOTAL row is the sum of the category rows.
    let doc = pipeline(&repo_root().join("examples/service"), &["--format", "json"]).json();
    let cats = doc["categories"].as_array().unwrap();
    for field in [
        "modules",
        "untested",
        "indirect",
        "no_direct",
        "weak",
        "missing_tests",
        "public_symbols",
        "referenced_symbols",
    ] {
        let sum: u64 = cats
            .iter()
            .map(|c| c["summary"][field].as_u64().unwrap())
            .sum();
        assert_eq!(sum, doc["summary"][field].as_u64().unwrap(), "{field}");
    }
    let total = &doc["summary"];
    let row = format!(
        "| **TOTAL** | **{}** | **{}** | **{}** | **{}%** | **{}%** | **~{}** |",
        total["modules"],
        total["no_direct"],
        total["weak"],
        total["coverage_percent"],
        total["symbol_coverage_percent"],
        total["missing_tests"]
    );
    assert!(text.contains(&row), "{row}");
}
