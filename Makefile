# gap: common tasks. `make report` runs the whole pipeline on the shipped example.
CARGO ?= cargo
EXAMPLE ?= examples/service
BIN = target/release

.PHONY: build report report-json test lint

build:
	@$(CARGO) build --release --workspace

report: build
	@$(BIN)/gap-scan $(EXAMPLE) | $(BIN)/gap-rank | $(BIN)/gap-report --format markdown

report-json: build
	@$(BIN)/gap-scan $(EXAMPLE) | $(BIN)/gap-rank

test:
	$(CARGO) test --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
