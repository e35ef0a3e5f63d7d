"""Which product files a Rust test file names, read from the test binaries' machine code (debug builds, so
nothing but `#[inline(always)]` is inlined): the functions defined in the test file (its test code), the symbols
their instructions call or take the address of, followed through generic instances that are not the crate's own
code but carry one of its types (`core::fmt::rt::Argument::new_display::<semver::Version>` leads to
`<Version as Display>::fmt`; drop glue is not followed). A product function reached that way is named directly;
one reached through a test-side helper defined in another file (`tests/util/mod.rs`) is named via helpers. A
doc test's own code (crate `rust_out`) is test code of the file holding the doc test."""
import re
import subprocess
from collections import defaultdict

from cfgtest import in_spans

OBJDUMP = "llvm-objdump-19"
CXXFILT = "llvm-cxxfilt-19"
HEADER = re.compile(r"^[0-9a-f]+ <(.+)>:$")
INSN = re.compile(r"^\s+[0-9a-f]+:")
ADDR = re.compile(r"(?:# |call[a-z]*\s+|jmp[a-z]*\s+)0x([0-9a-f]+)")
NM = "llvm-nm-19"
MAX_GLUE_DEPTH = 3


class Binary:
    """One executable's function symbols by address and its GOT slots (calls into other crates go through
    them: `callq *0x..(%rip)`), so every address an instruction uses resolves to the function it names."""

    def __init__(self, exe):
        self.exe = exe
        self.by_addr = {}
        out = subprocess.run([NM, "--defined-only", exe], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                self.by_addr.setdefault(int(parts[0], 16), parts[2])
        self.slots = {}
        out = subprocess.run([OBJDUMP, "-R", exe], capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.match(r"^([0-9a-f]+) R_X86_64_(RELATIVE|GLOB_DAT|64)\s+(\S+)", line)
            if m:
                v = m.group(3)
                a = re.search(r"\*ABS\*\+0x([0-9a-f]+)", v)
                if a:
                    self.slots[int(m.group(1), 16)] = int(a.group(1), 16)
                elif not v.startswith("*"):
                    self.slots[int(m.group(1), 16)] = v.split("+")[0].split("@")[0]

    def name(self, addr):
        target = self.slots.get(addr, addr)
        if isinstance(target, str):
            return target
        return self.by_addr.get(target)

    def disassemble(self, symbols):
        """{symbol: set of functions its instructions call or take the address of}."""
        edges = {}
        chunks, cur_chunk, size = [], [], 0
        for sym in sorted(symbols):  # one argument holds at most 128 KiB: chunks well below it
            if cur_chunk and size + len(sym) > 60000:
                chunks.append(cur_chunk)
                cur_chunk, size = [], 0
            cur_chunk.append(sym)
            size += len(sym) + 1
        if cur_chunk:
            chunks.append(cur_chunk)
        for chunk in chunks:
            out = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn", "--disassemble-symbols=" + ",".join(chunk),
                                  self.exe], capture_output=True, text=True).stdout
            cur = None
            for line in out.splitlines():
                m = HEADER.match(line)
                if m:
                    cur = m.group(1)
                    edges.setdefault(cur, set())
                    continue
                if not cur or not INSN.match(line):
                    continue
                for a in ADDR.findall(line):
                    n = self.name(int(a, 16))
                    if n and n != cur:
                        edges[cur].add(n)
        return edges


def demangle(names):
    names = sorted(names)
    if not names:
        return {}
    out = subprocess.run([CXXFILT], input="\n".join(names) + "\n", capture_output=True, text=True).stdout
    return dict(zip(names, out.splitlines()))


def direct_refs(graphs, root, rel, product, test_side_file, spans, doc_code=lambda name: False):
    """({test file: product files its own code names}, {test file: product files named through helpers},
    {test file: {product file: the functions its own code names there, demangled}})."""
    direct = defaultdict(set)
    via_helpers = defaultdict(set)
    named_syms = defaultdict(lambda: defaultdict(set))
    crate_idents = set()
    for b, functions, by_file in graphs:
        owner = {}  # symbol -> (relative file, is product, is test code)
        for name, file, first, _keys in functions:
            sym = name.split(";")[-1]
            r = rel(file)
            if r is None:
                continue
            is_product = product((file, first))
            is_test = not is_product and (test_side_file(r) or in_spans(first, spans.get(r, [])) or doc_code(sym))
            owner[sym] = (r, is_product, is_test)
        if not crate_idents:
            dm = demangle([s for s, o in owner.items() if o[1]][:50])
            for d in dm.values():
                m = re.match(r"^<?(?:impl )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::", d)
                if m:
                    crate_idents.add(m.group(1))
        test_syms = [s for s, o in owner.items() if o[2]]
        binary = Binary(b["executable"])
        edges = binary.disassemble(test_syms)
        # generic glue carrying the crate's types, followed a few levels
        frontier = {t for s in test_syms for t in edges.get(s, ()) if t not in owner}
        seen = set()
        for _ in range(MAX_GLUE_DEPTH):
            cand = frontier - seen
            seen |= cand
            if not cand:
                break
            dm = demangle(cand)
            glue = [s for s in cand if s in dm and "drop_in_place" not in dm[s]
                    and any(re.search(r"\b" + re.escape(c) + r"(\[[0-9a-f]+\])?::", dm[s]) for c in crate_idents)]
            more = binary.disassemble(glue)
            edges.update(more)
            frontier = {t for s in more for t in more[s] if t not in owner}

        def reach(start, through_test):
            """Product files reached from start; through_test: may pass through test code of other files."""
            out, stack, visited = set(), [start], {start}
            home = owner[start][0]
            while stack:
                s = stack.pop()
                for t in edges.get(s, ()):
                    if t in visited:
                        continue
                    visited.add(t)
                    o = owner.get(t)
                    if o is None:
                        if t in edges:  # followed glue
                            stack.append(t)
                    elif o[1]:
                        out.add((o[0], t))
                    elif o[2] and (through_test or o[0] == home):
                        stack.append(t)
            return out

        for s, (r, _p, is_test) in owner.items():
            if not is_test or r not in by_file:
                continue
            own = reach(s, False)
            direct[r] |= {f for f, _ in own}
            via_helpers[r] |= {f for f, _ in reach(s, True)}
            for f, sym in own:
                named_syms[r][f].add(sym)
    dm = demangle({sym for files in named_syms.values() for syms in files.values() for sym in syms})
    named = {tf: {f: sorted({re.sub(r"\[[0-9a-f]{16}\]", "", dm.get(x, x)) for x in syms}) for f, syms in files.items()}
             for tf, files in named_syms.items()}
    return direct, via_helpers, named
