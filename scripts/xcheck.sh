#!/usr/bin/env bash
# Cross-checks gap-scan's readers against reference parsers (tree-sitter grammars, Python's ast) over a
# pinned corpus of real projects, and prints the agreement per language and the disagreements by cause.
#   scripts/xcheck.sh [XCHECK ARGS...]     e.g. --only rust, --examples 10, --no-ast
# The corpus goes to $XCHECK_CORPUS (default /tmp/xcheck-corpus), one folder per project; projects already
# there are not fetched again. Registry sources: Python sdists (pip download), Rust crates (cargo fetch),
# npm packages (npm pack), Go from Debian's golang-*-dev packages (apt-get download). Java, Kotlin and C#
# come from snapshots of public repositories that an agent session brings with its `fetch` tool into
# $XCHECK_MIRRORS (default /work/.mirror), as OWNER+NAME/repo git directories; the commit of each is pinned
# below, and a missing snapshot is reported and left out. Not run by CI (.ci/run): it builds tree-sitter.
set -euo pipefail
corpus=${XCHECK_CORPUS:-/tmp/xcheck-corpus}
mirrors=${XCHECK_MIRRORS:-/work/.mirror}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$corpus"
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT

# name==version, sdists.
python=(requests==2.32.3 click==8.1.7 rich==13.9.4 attrs==24.2.0)
# name=version, crates.
rust=(anyhow=1.0.104 clap_builder=4.5.53 regex-syntax=0.8.4 serde=1.0.228 syn=2.0.87 once_cell=1.20.2)
# name@version, npm packages (their dist/ and build/ folders are left out, as gap-scan leaves them out).
javascript=(axios@1.7.9 express@4.21.2 rxjs@7.8.1 @tanstack/react-query@5.62.0 @tanstack/query-core@5.62.0)
# Debian package=version.
go=(golang-github-spf13-cobra-dev=1.6.1-1 golang-github-gin-gonic-gin-dev=1.8.1-1
    golang-github-google-go-cmp-dev=0.5.9-1 golang-github-pelletier-go-toml.v2-dev=2.0.6-1)
# folder owner/name commit, repositories (Java, Kotlin, C#).
repos=(
  "java-gson google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1"
  "java-javapoet square/javapoet b9017a9503b76e11b4ad4c1a9f050e2d29112cb0"
  "java-jsoup jhy/jsoup 46b620860af930eedc193a705eaf7cea5aec89a6"
  "kotlin-okhttp square/okhttp 1682d9bac8c03dffde2969b0b74d47649d0dbb52"
  "kotlin-moshi square/moshi 889013ec2edb8d8034902662a1dc8c4f3b3f8111"
  "kotlin-okio square/okio 4164f2976ac7174f3d35d52150e8ffbdbe0acbec"
  "csharp-newtonsoft-json JamesNK/Newtonsoft.Json 09bb545d72969ad7fb4ea07db0d5c34f4fc07877"
  "csharp-serilog serilog/serilog 60935b4d7abad71cf6157b45a10f5c3c65ead527"
  "csharp-polly App-vNext/Polly 173d6d1d2e28a4697f1ac1d22da68f77ff19a0c9"
  "csharp-fluentvalidation FluentValidation/FluentValidation ea299fe59719950018fa240dab86da414190d7f4"
)

# A project is there once its folder holds the marker written after it was unpacked whole.
have() { [ -e "$corpus/$1/.xcheck-complete" ]; }
done_() { touch "$corpus/$1/.xcheck-complete"; }

for p in "${python[@]}"; do
  dir="python-${p/==/-}"
  have "$dir" && continue
  pip download -q --no-binary :all: --no-deps "$p" -d "$dl/py" >&2
  archive=$(ls "$dl"/py/* | head -1)
  mkdir -p "$corpus/$dir"
  case $archive in
    *.zip) (cd "$corpus/$dir" && python3 -m zipfile -e "$archive" .) ;;
    *) tar -xzf "$archive" -C "$corpus/$dir" ;;
  esac
  rm -rf "$dl/py"
  done_ "$dir"
done

missing=()
for c in "${rust[@]}"; do have "rust-${c/=/-}" || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  mkdir -p "$dl/fetch/src" && touch "$dl/fetch/src/lib.rs"
  printf '[package]\nname = "corpus"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n' > "$dl/fetch/Cargo.toml"
  # One manifest cannot hold two versions of a crate; each gets its own renamed dependency.
  for c in "${missing[@]}"; do
    printf '%s = { package = "%s", version = "=%s" }\n' "x-${c%%=*}" "${c%%=*}" "${c#*=}" >> "$dl/fetch/Cargo.toml"
  done
  (cd "$dl/fetch" && cargo fetch -q) >&2
  for c in "${missing[@]}"; do
    crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"${c%%=*}-${c#*=}.crate" | head -1)
    mkdir -p "$corpus/rust-${c/=/-}"
    tar -xzf "$crate" -C "$corpus/rust-${c/=/-}"
    done_ "rust-${c/=/-}"
  done
fi

for p in "${javascript[@]}"; do
  dir="javascript-$(echo "${p#@}" | tr '/@' '--')"
  have "$dir" && continue
  (cd "$dl" && npm pack -q "$p" > /dev/null 2>&1)
  mkdir -p "$corpus/$dir"
  tar -xzf "$dl"/*.tgz -C "$corpus/$dir"
  rm -f "$dl"/*.tgz
  done_ "$dir"
done

for p in "${go[@]}"; do
  dir="go-${p%%=*}"
  have "$dir" && continue
  (cd "$dl" && apt-get download -q "$p" > /dev/null 2>&1)
  mkdir -p "$dl/deb" "$corpus/$dir"
  dpkg-deb -x "$dl"/*.deb "$dl/deb"
  cp -r "$dl"/deb/usr/share/gocode/src/. "$corpus/$dir/"
  rm -rf "$dl"/*.deb "$dl/deb"
  done_ "$dir"
done

for r in "${repos[@]}"; do
  read -r dir repo commit <<< "$r"
  have "$dir" && continue
  git_dir="$mirrors/${repo/\//+}/repo"
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "xcheck.sh: $repo at $commit is not in $mirrors (bring it with the fetch tool); left out" >&2
    continue
  fi
  # Source files only: a snapshot may lack its largest files (data, binaries).
  rm -rf "${corpus:?}/$dir" && mkdir -p "$corpus/$dir"
  git --git-dir="$git_dir" ls-tree -r --name-only "$commit" | grep -E '\.(java|kt|cs)$' |
    while IFS= read -r f; do
      mkdir -p "$corpus/$dir/$(dirname "$f")"
      git --git-dir="$git_dir" cat-file blob "$commit:$f" > "$corpus/$dir/$f"
    done
  done_ "$dir"
done

cd "$here/xcheck"
cargo build -q
exec ./target/debug/xcheck "$@" "$corpus"
