#!/usr/bin/env bash
# Measures gap-scan on generated trees against `wc -l` (the line counter it should come close to).
#   scripts/bench-scan.sh [MODULES] [LANGUAGES...]   default 3000 modules; python go javascript rust java kotlin csharp
# For each language: a tree of MODULES modules of the same shape (a class or type with methods, branches,
# error sites) plus one test file per three modules. Prints lines, seconds, lines per second, the ratio to
# wc -l, the ratio to the Python analysis, and peak memory. Not run by CI.
set -euo pipefail
modules=${1:-3000}
shift || true
langs=${*:-python go javascript rust java kotlin csharp}
cd "$(dirname "$0")/.."
cargo build --release -q --bin gap-scan
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
python3 - "$base" "$modules" $langs <<'PY'
import os, sys
base, n, langs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
for lang in langs:
    root = os.path.join(base, lang)
    for i in range(n):
        p, prev = i // 50, max(i - 1, 0)
        if lang == "python":
            body = f'''
class Service{i}:
    """A service."""

    def __init__(self, repo, limit=10):
        self.repo = repo

    def find(self, key, default=None):
        if key is None or not self.repo:
            raise ValueError("key")
        for item in self.repo.items(key):
            if item and item.active:
                return item
        return default


def helper_{i}(a, b):
    # comment
    return a if a > b else b
'''
            w(f"{root}/app/pkg{p}/__init__.py", "")
            w(f"{root}/app/pkg{p}/mod{i}.py", f"import os\nfrom app.pkg{prev // 50}.mod{prev} import helper_{prev}\n" + body * 8)
            if i % 3 == 0:
                w(f"{root}/tests/pkg{p}/test_mod{i}.py", f"from app.pkg{p}.mod{i} import Service{i}\n\n\ndef test_find():\n    assert Service{i}([]).find(1) is None\n")
        elif lang == "go":
            body = f'''
// Service{i}{{k}} is a service.
type Service{i}{{k}} struct {{
	repo  []int
	limit int
}}

func (s *Service{i}{{k}}) Find(key int) (int, error) {{
	if key < 0 || len(s.repo) == 0 {{
		return 0, errors.New("key")
	}}
	for _, item := range s.repo {{
		if item > 0 && item == key {{
			return item, nil
		}}
	}}
	return 0, nil
}}

func Helper{i}{{k}}(a, b int) int {{
	// comment
	if a > b {{
		return a
	}}
	return b
}}
'''
            w(f"{root}/go.mod", "module example.com/bench\n")
            text = f'package pkg{p}\n\nimport "errors"\n' + "".join(body.replace("{k}", str(k)) for k in range(8))
            w(f"{root}/pkg{p}/mod{i}.go", text)
            if i % 3 == 0:
                w(f"{root}/pkg{p}/mod{i}_test.go", f'package pkg{p}\n\nimport "testing"\n\nfunc TestFind{i}(t *testing.T) {{\n\ts := &Service{i}0{{}}\n\tif _, err := s.Find(1); err == nil {{\n\t\tt.Fatal()\n\t}}\n}}\n')
        elif lang == "javascript":
            body = f'''
/** A service. */
export class Service{i}{{k}} {{
  constructor(repo, limit = 10) {{
    this.repo = repo;
  }}

  find(key, fallback = null) {{
    if (key == null || !this.repo) {{
      throw new Error("key");
    }}
    for (const item of this.repo.items(key)) {{
      if (item && item.active) {{
        return item;
      }}
    }}
    return fallback;
  }}
}}

export function helper{i}{{k}}(a, b) {{
  // comment
  return a > b ? a : b;
}}
'''
            w(f"{root}/src/pkg{p}/mod{i}.js", f"import {{ helper{prev}0 }} from '../pkg{prev // 50}/mod{prev}.js';\n" + "".join(body.replace("{k}", str(k)) for k in range(8)))
            if i % 3 == 0:
                w(f"{root}/src/pkg{p}/mod{i}.test.js", f"import {{ Service{i}0 }} from './mod{i}.js';\n\ntest('find', () => {{\n  expect(new Service{i}0([]).find(1)).toBe(null);\n}});\n")
        elif lang == "rust":
            body = f'''
/// A service.
pub struct Service{i}{{k}} {{
    repo: Vec<u32>,
}}

impl Service{i}{{k}} {{
    pub fn find(&self, key: u32) -> Result<u32, String> {{
        if key == 0 || self.repo.is_empty() {{
            return Err("key".into());
        }}
        for item in &self.repo {{
            if *item > 0 && *item == key {{
                return Ok(*item);
            }}
        }}
        Ok(0)
    }}
}}

pub fn helper{i}{{k}}(a: u32, b: u32) -> u32 {{
    // comment
    if a > b {{ a }} else {{ b }}
}}
'''
            w(f"{root}/Cargo.toml", "[package]\nname = \"bench\"\nversion = \"0.1.0\"\n")
            w(f"{root}/src/pkg{p}/mod{i}.rs", f"use crate::pkg{prev // 50}::mod{prev}::helper{prev}0;\n" + "".join(body.replace("{k}", str(k)) for k in range(8)))
            if i % 3 == 0:
                w(f"{root}/tests/mod{i}.rs", f"use bench::pkg{p}::mod{i}::Service{i}0;\n\n#[test]\nfn finds() {{\n    assert!(Service{i}0 {{ repo: vec![] }}.find(1).is_err());\n}}\n")
        elif lang == "java":
            methods = "".join(f'''
    public int find{k}(int key) {{
        if (key < 0 || repo.isEmpty()) {{
            throw new IllegalArgumentException("key");
        }}
        for (int item : repo) {{
            if (item > 0 && item == key) {{
                return item;
            }}
        }}
        return 0;
    }}

    public static int helper{k}(int a, int b) {{
        // comment
        return a > b ? a : b;
    }}
''' for k in range(8))
            w(f"{root}/src/main/java/bench/pkg{p}/Service{i}.java", f"package bench.pkg{p};\n\nimport java.util.List;\n\n/** A service. */\npublic class Service{i} {{\n    private final List<Integer> repo;\n\n    public Service{i}(List<Integer> repo) {{\n        this.repo = repo;\n    }}\n{methods}}}\n")
            if i % 3 == 0:
                w(f"{root}/src/test/java/bench/pkg{p}/Service{i}Test.java", f"package bench.pkg{p};\n\nimport org.junit.jupiter.api.Test;\n\nclass Service{i}Test {{\n    @Test\n    void finds() {{\n        new Service{i}(java.util.List.of()).find0(1);\n    }}\n}}\n")
        elif lang == "kotlin":
            methods = "".join(f'''
    fun find{k}(key: Int): Int {{
        if (key < 0 || repo.isEmpty()) {{
            throw IllegalArgumentException("key")
        }}
        for (item in repo) {{
            if (item > 0 && item == key) {{
                return item
            }}
        }}
        return 0
    }}

    fun helper{k}(a: Int, b: Int): Int {{
        // comment
        return if (a > b) a else b
    }}
''' for k in range(8))
            w(f"{root}/src/main/kotlin/bench/pkg{p}/Service{i}.kt", f"package bench.pkg{p}\n\nimport bench.pkg{prev // 50}.Service{prev}\n\n/** A service. */\nclass Service{i}(private val repo: List<Int>) {{\n{methods}}}\n")
            if i % 3 == 0:
                w(f"{root}/src/test/kotlin/bench/pkg{p}/Service{i}Test.kt", f"package bench.pkg{p}\n\nimport org.junit.jupiter.api.Test\n\nclass Service{i}Test {{\n    @Test\n    fun finds() {{\n        Service{i}(listOf()).find0(1)\n    }}\n}}\n")
        elif lang == "csharp":
            methods = "".join(f'''
    public int Find{k}(int key)
    {{
        if (key < 0 || _repo.Count == 0)
        {{
            throw new ArgumentException("key");
        }}
        foreach (var item in _repo)
        {{
            if (item > 0 && item == key)
            {{
                return item;
            }}
        }}
        return 0;
    }}

    public static int Helper{k}(int a, int b)
    {{
        // comment
        return a > b ? a : b;
    }}
''' for k in range(8))
            w(f"{root}/src/Bench/Bench.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n")
            w(f"{root}/src/Bench/Pkg{p}/Service{i}.cs", f"using Bench.Pkg{prev // 50};\n\nnamespace Bench.Pkg{p};\n\n/// <summary>A service.</summary>\npublic class Service{i}\n{{\n    private readonly List<int> _repo;\n\n    public Service{i}(List<int> repo) => _repo = repo;\n{methods}}}\n")
            if i % 3 == 0:
                w(f"{root}/test/Bench.Tests/Bench.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"xunit\" Version=\"2.9.0\" /></ItemGroup></Project>\n")
                w(f"{root}/test/Bench.Tests/Pkg{p}/Service{i}Tests.cs", f"using Bench.Pkg{p};\nusing Xunit;\n\nnamespace Bench.Tests.Pkg{p};\n\npublic class Service{i}Tests\n{{\n    [Fact]\n    public void Finds() => Assert.Equal(0, new Service{i}(new()).Find0(1));\n}}\n")
PY
printf '%-11s %8s %9s %9s %9s %8s %8s %8s\n' language files lines "wc -l s" "scan s" "M ln/s" "x wc" "RSS MiB"
py_rate=""
for lang in $langs; do
  work="$base/$lang"
  files=$(find "$work" -type f | wc -l)
  lines=$(find "$work" -type f -print0 | xargs -0 cat | wc -l)
  t0=$(date +%s.%N); find "$work" -type f -print0 | xargs -0 wc -l > /dev/null; t1=$(date +%s.%N)
  target/release/gap-scan "$work" > /dev/null   # warm the cache
  /usr/bin/time -f '%M' -o "$base/rss" target/release/gap-scan "$work" > /dev/null
  t2=$(date +%s.%N); target/release/gap-scan "$work" > /dev/null; t3=$(date +%s.%N)
  python3 - "$lang" "$files" "$lines" "$t0" "$t1" "$t2" "$t3" "$(cat "$base/rss")" <<'PY'
import sys
lang, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0, t1, t2, t3 = map(float, sys.argv[4:8])
rss = int(sys.argv[8])
wc, scan = t1 - t0, t3 - t2
print(f"{lang:<11} {files:>8} {lines:>9} {wc:>9.3f} {scan:>9.3f} {lines / scan / 1e6:>8.2f} {scan / wc:>8.1f} {rss / 1024:>8.0f}")
PY
done
