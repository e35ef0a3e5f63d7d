//! End-to-end tests: the binaries run as a user runs them, alone and chained, on trees built per test.

mod support;

mod ci;
mod csharp_trees;
mod example;
mod front;
mod go_trees;
mod hostile;
mod js_trees;
mod jvm_trees;
mod python_trees;
mod rank_cli;
mod report_cli;
mod report_reading;
mod routes_trees;
mod rust_trees;
mod scan_cli;
mod schema;
mod shards;
