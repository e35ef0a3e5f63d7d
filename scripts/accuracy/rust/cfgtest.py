"""Where a Rust source file holds test-only code: the line spans of items under `#[cfg(test)]` (also
`cfg(all(test, ...))`, not `cfg(not(test))`) and `#[test]` functions, and the files of `#[cfg(test)] mod x;`.
The truth counts regions inside these spans as test code, not as product function bodies."""
import os
import re

ATTR = re.compile(r"#\s*\[\s*(cfg\s*\((?P<cfg>.*?)\)|test|tokio::test|rstest)\s*\]", re.S)
MOD_DECL = re.compile(r"\A\s*(pub(\s*\([^)]*\))?\s+)?mod\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*;")
PATH_ATTR = re.compile(r'#\s*\[\s*path\s*=\s*"(?P<path>[^"]+)"\s*\]')


def mask(src):
    """The source with comments and the insides of string and char literals replaced by spaces (newlines
    kept), so braces and attributes can be found with plain text searches."""
    out = list(src)
    i, n = 0, len(src)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif c == "r" and re.match(r'r#*"', src[i:i + 300]) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")
                                                                   or src[i - 1] == "b"):
            hashes = re.match(r'r(#*)"', src[i:]).group(1)
            start = i + 2 + len(hashes)
            end = src.find('"' + hashes, start)
            end = n if end < 0 else end + 1 + len(hashes)
            blank(start, end - 1 - len(hashes))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            blank(i + 1, min(j, n))
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]+\}|.)|[^\\'])'", src[i:i + 16])
            if m:
                blank(i + 1, i + len(m.group(0)) - 1)
                i += len(m.group(0))
            else:
                i += 1  # a lifetime or label
        else:
            i += 1
    return "".join(out)


def _item_end(code, pos):
    """Offset just past the item starting at pos: its matching closing brace, or its `;` if that comes first."""
    depth = 0
    i = pos
    while i < len(code):
        ch = code[i]
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
            if depth == 0 and ch == "}":
                return i + 1
            if depth < 0:
                return i
        elif ch == ";" and depth == 0:
            return i + 1
        i += 1
    return len(code)


def test_spans(path, root):
    """([(first_line, last_line)], [test-only module files relative to root]) for one file."""
    try:
        src = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return [], []
    code = mask(src)
    spans, files = [], []
    pos = 0
    while True:
        m = ATTR.search(code, pos)
        if not m:
            break
        pos = m.end()
        cfg = m.group("cfg")
        if cfg is not None:
            words = re.sub(r"\s+", "", cfg)
            if not re.search(r"\btest\b", words) or "not(test)" in words or words.startswith("any("):
                continue
        # skip further attributes to the item itself
        j = m.end()
        path_override = None
        while True:
            a = re.match(r"\s*#\s*\[", code[j:])
            if not a:
                break
            k = j + a.end() - 1
            end = _item_end(code, k)
            pm = PATH_ATTR.match(src[j:end].strip())
            if pm:
                path_override = pm.group("path")
            j = end
        decl = MOD_DECL.match(code[j:])
        if decl and cfg is not None:
            files.append(_mod_file(path, root, decl.group("name"), path_override))
            continue
        end = _item_end(code, j)
        first = src.count("\n", 0, m.start()) + 1
        last = src.count("\n", 0, end) + 1
        spans.append((first, last))
        pos = max(pos, end if cfg is not None else m.end())
    return spans, [f for f in files if f]


def _mod_file(path, root, name, override):
    d = os.path.dirname(path)
    base = os.path.basename(path)
    if override:
        cand = [os.path.join(d, override)]
    else:
        if base not in ("mod.rs", "lib.rs", "main.rs"):
            d = os.path.join(d, base[:-3])
        cand = [os.path.join(d, name + ".rs"), os.path.join(d, name, "mod.rs")]
    for c in cand:
        if os.path.isfile(c):
            return os.path.relpath(c, root)
    return None


def in_spans(line, spans):
    return any(a <= line <= b for a, b in spans)


def comment_lines(path):
    """Line numbers holding only a comment (doc comments included): no product code region starts there, though a
    doc test's code is mapped onto them."""
    try:
        src = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return set()
    code = mask(src)
    return {i for i, (a, b) in enumerate(zip(src.split("\n"), code.split("\n")), 1) if a.strip() and not b.strip()}
