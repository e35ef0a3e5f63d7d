# gap: common tasks. `make report` runs the whole pipeline on the shipped example; `make install` installs
# every binary, its man page and shell completions under PREFIX.
CARGO ?= cargo
EXAMPLE ?= examples/service
PREFIX ?= /usr/local
BIN = target/release
MAN1 = $(PREFIX)/share/man/man1
BASH_COMPLETIONS = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETIONS = $(PREFIX)/share/zsh/site-functions
FISH_COMPLETIONS = $(PREFIX)/share/fish/vendor_completions.d
BINARIES = gap gap-scan gap-rank gap-report gap-owners

.PHONY: build report report-json test lint install uninstall

build:
	@$(CARGO) build --release --workspace

# gap runs gap-scan | gap-rank | gap-report in one process, with the same flags.
report: build
	@$(BIN)/gap --format markdown -- $(EXAMPLE)

report-json: build
	@$(BIN)/gap --format json -- $(EXAMPLE)

test:
	$(CARGO) test --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

install:
	$(CARGO) install --locked --path . --root $(PREFIX)
	$(PREFIX)/bin/gap man --dir $(MAN1)
	$(PREFIX)/bin/gap completions bash --dir $(BASH_COMPLETIONS)
	$(PREFIX)/bin/gap completions zsh --dir $(ZSH_COMPLETIONS)
	$(PREFIX)/bin/gap completions fish --dir $(FISH_COMPLETIONS)

uninstall:
	$(CARGO) uninstall --root $(PREFIX) gap
	rm -f $(foreach b,$(BINARIES),$(MAN1)/$(b).1 $(BASH_COMPLETIONS)/$(b).bash $(ZSH_COMPLETIONS)/_$(b) $(FISH_COMPLETIONS)/$(b).fish)
