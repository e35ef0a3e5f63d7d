#!/usr/bin/env node
// The JavaScript truth maker's worker (make_truth.sh calls it; docs/accuracy.md describes the output).
//   truth.js list    --root R --src "A B" --tests "GLOB ..." --sources-out F --tests-out F
//   truth.js load    --root R --sources F        (loads every source module, each in its own process)
//   truth.js analyse --root R --name N --version V --sources F --runs F --cov DIR --out F [...]
// `analyse` reads V8 coverage (NODE_V8_COVERAGE: one JSON per process, block ranges with call counts) of each
// test file's run and of the load-only baseline, and counts a function-body statement for a test file when one
// process of that run executed it more often than loading the modules does. Sources and tests are parsed with
// acorn (found through NODE_PATH).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { createRequire } = require('module');
const { fileURLToPath } = require('url');

const SKIP_DIRS = new Set(['node_modules', '.git', 'coverage', '.nyc_output']);
const NON_SOURCE_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'example', 'examples', 'benchmark',
  'benchmarks', 'bench', 'docs', 'doc', 'dist', 'fixtures', 'tap-snapshots']);
const JS_EXT = /\.(c|m)?js$/;

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const vals = [];
    while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) vals.push(argv[++i]);
    out[key] = key === 'timing' ? vals : vals.join(' ');
  }
  return out;
}

function walk(root, dir = '', out = []) {
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(root, rel, out);
    } else if (e.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

function globRe(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function list(a) {
  const files = walk(a.root);
  const testRes = a.tests.split(/\s+/).filter(Boolean).map(globRe);
  const tests = files.filter((f) => testRes.some((r) => r.test(f)));
  const testSet = new Set(tests);
  let sources;
  if (a.src) {
    const parts = a.src.split(/\s+/).filter(Boolean);
    sources = files.filter((f) => JS_EXT.test(f) && !testSet.has(f)
      && parts.some((p) => f === p || f.startsWith(`${p.replace(/\/$/, '')}/`)));
  } else {
    sources = files.filter((f) => JS_EXT.test(f) && !testSet.has(f)
      && !f.split('/').slice(0, -1).some((d) => NON_SOURCE_DIRS.has(d)) && !/\.(test|spec)\.[cm]?js$/.test(f));
  }
  fs.writeFileSync(a['sources-out'], sources.map((s) => `${s}\n`).join(''));
  fs.writeFileSync(a['tests-out'], tests.map((s) => `${s}\n`).join(''));
}

// Loads each source module in a child process of its own (a bin script may end its process), stdin closed.
function load(a) {
  const sources = fs.readFileSync(a.sources, 'utf8').split('\n').filter(Boolean);
  for (const rel of sources) {
    const abs = path.join(a.root, rel);
    const code = `const p = ${JSON.stringify(abs)};
      try { require(p); } catch (e) {
        if (e && e.code === 'ERR_REQUIRE_ESM') import(require('url').pathToFileURL(p).href).catch((x) => console.error(p, String(x)));
        else console.error(p, String(e));
      }`;
    const r = spawnSync(process.execPath, ['-e', code], { cwd: a.root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 20000 });
    if (r.status !== 0) console.error(`load ${rel}: exit ${r.status}${r.signal ? ` (${r.signal})` : ''}`);
  }
}

function parse(acorn, text) {
  const opts = { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true, allowImportExportEverywhere: true };
  try {
    return acorn.parse(text, { ...opts, sourceType: 'module' });
  } catch (e) {
    return acorn.parse(text, { ...opts, sourceType: 'script' });
  }
}

function children(node, fn) {
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && fn(c));
    else if (v && typeof v.type === 'string') fn(v);
  }
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const NOT_STATEMENT = new Set(['BlockStatement', 'EmptyStatement', 'StaticBlock']);
const isStatement = (n) => (/Statement$/.test(n.type) || /Declaration$/.test(n.type)) && !NOT_STATEMENT.has(n.type);

function lineOf(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (pos) => {
    let lo = 0; let hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= pos) lo = mid; else hi = mid - 1; }
    return lo + 1;
  };
}

// Functions (with a best-effort name) and statements of one source file: `depth` > 0 means inside a function.
function definitions(ast) {
  const funcs = [];
  const stmts = [];
  function name(node, parent) {
    if (node.id && node.id.name) return node.id.name;
    if (!parent) return null;
    const keyName = (k) => (k && (k.name || (typeof k.value === 'string' ? k.value : null)));
    if (parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') return keyName(parent.key);
    if (parent.type === 'VariableDeclarator') return keyName(parent.id);
    if (parent.type === 'AssignmentExpression') {
      const parts = [];
      let l = parent.left;
      while (l && l.type === 'MemberExpression') { parts.unshift(keyName(l.property)); l = l.object; }
      if (l && l.type === 'Identifier') parts.unshift(l.name);
      return parts.filter((p) => p && p !== 'prototype').join('.') || null;
    }
    return null;
  }
  function visit(node, fn, parent) {
    let inner = fn;
    if (FUNCTION.has(node.type)) {
      inner = { name: name(node, parent), start: node.start, body: node.body, top: fn === null, stmts: [] };
      funcs.push(inner);
      if (node.body.type !== 'BlockStatement') {
        const s = { pos: node.body.start, fn: inner };
        stmts.push(s); inner.stmts.push(s);
      }
    } else if (isStatement(node)) {
      const s = { pos: node.start, fn };
      stmts.push(s);
      if (fn) fn.stmts.push(s);
    }
    children(node, (c) => visit(c, inner, node));
  }
  visit(ast, null, null);
  return { funcs, stmts };
}

// Counts at sorted positions from V8 ranges (properly nested; the innermost range containing a position wins).
function countsAt(ranges, positions) {
  const rs = ranges.slice().sort((x, y) => x.startOffset - y.startOffset || y.endOffset - x.endOffset);
  const out = new Map();
  const stack = [];
  let i = 0;
  for (const p of positions) {
    while (i < rs.length && rs[i].startOffset <= p) {
      while (stack.length && stack[stack.length - 1].endOffset <= rs[i].startOffset) stack.pop();
      stack.push(rs[i]);
      i++;
    }
    while (stack.length && stack[stack.length - 1].endOffset <= p) stack.pop();
    out.set(p, stack.length ? stack[stack.length - 1].count : 0);
  }
  return out;
}

// {realpath -> [ranges of each process that loaded it]} for every coverage file under dir.
function readCoverage(dir) {
  const byFile = new Map();
  if (!fs.existsSync(dir)) return byFile;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    let data;
    try { data = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch (e) { continue; }
    for (const script of data.result || []) {
      let file;
      if (script.url.startsWith('file://')) file = fileURLToPath(script.url);
      else if (path.isAbsolute(script.url)) file = script.url;
      else continue;
      let real;
      try { real = fs.realpathSync(file); } catch (e) { continue; }
      const ranges = [];
      for (const fn of script.functions) for (const r of fn.ranges) ranges.push(r);
      if (!byFile.has(real)) byFile.set(real, []);
      byFile.get(real).push(ranges);
    }
  }
  return byFile;
}

// Source modules a test file imports (require, import, export from, import()) and names in other strings.
function testReferences(acorn, root, rel, sourceSet) {
  const abs = path.join(root, rel);
  let ast;
  try { ast = parse(acorn, fs.readFileSync(abs, 'utf8')); } catch (e) { return { error: String(e), imports: new Set(), strings: new Set() }; }
  const req = createRequire(abs);
  const toSource = (spec) => {
    let target = null;
    try { target = req.resolve(spec); } catch (e) {
      for (const ext of ['', '.js', '.cjs', '.mjs', '/index.js']) {
        const cand = path.resolve(path.dirname(abs), spec + ext);
        if (fs.existsSync(cand) && fs.statSync(cand).isFile()) { target = cand; break; }
      }
    }
    if (!target) return null;
    try { target = fs.realpathSync(target); } catch (e) { return null; }
    const r = path.relative(root, target).split(path.sep).join('/');
    return sourceSet.has(r) ? r : null;
  };
  const imports = new Set();
  const strings = new Set();
  const importNodes = new Set();
  (function visit(node) {
    let spec = null;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require'
        && node.arguments[0] && node.arguments[0].type === 'Literal') spec = node.arguments[0];
    else if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration'
              || node.type === 'ExportNamedDeclaration' || node.type === 'ImportExpression')
             && node.source && node.source.type === 'Literal') spec = node.source;
    if (spec && typeof spec.value === 'string') {
      importNodes.add(spec);
      const m = toSource(spec.value);
      if (m) imports.add(m);
    }
    if (node.type === 'Literal' && typeof node.value === 'string' && !importNodes.has(node)
        && /^\.{1,2}\//.test(node.value) && node.value.length < 200) {
      const m = toSource(node.value);
      if (m) strings.add(m);
    }
    children(node, visit);
  }(ast));
  return { imports, strings, toSource };
}

// Source modules `rel` re-exports, as a reader of it sees them: `export * from './x'`, `export { a } from './x'`,
// and CommonJS `module.exports = require('./x')`, `exports.a = require('./x')`, `api.a = require('./x')`, a
// name bound by `var a = require('./x')` and then assigned (`module.exports = a`, `api.b = a.b`). Not the values
// of an object literal (`module.exports.types = { binary: require('./lib/type/binary') }`): a test reaching the
// package reaches those only through a name it would have to use, which this static count does not follow.
function reexports(acorn, root, rel, sourceSet) {
  const found = new Set();
  let ast;
  const abs = path.join(root, rel);
  try { ast = parse(acorn, fs.readFileSync(abs, 'utf8')); } catch (e) { return found; }
  const { toSource } = testReferences(acorn, root, rel, sourceSet);
  if (!toSource) return found;
  const requireOf = (node) => node && node.type === 'CallExpression' && node.callee.type === 'Identifier'
    && node.callee.name === 'require' && node.arguments[0] && node.arguments[0].type === 'Literal'
    && typeof node.arguments[0].value === 'string' ? node.arguments[0].value : null;
  const bound = new Map();
  for (const st of ast.body) {
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        const spec = requireOf(d.init);
        if (spec && d.id.type === 'Identifier') bound.set(d.id.name, spec);
      }
    }
  }
  const add = (spec) => { const m = spec && toSource(spec); if (m && m !== rel) found.add(m); };
  for (const st of ast.body) {
    if ((st.type === 'ExportAllDeclaration' || st.type === 'ExportNamedDeclaration') && st.source) add(st.source.value);
    if (st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression'
        && st.expression.left.type === 'MemberExpression') {
      const value = (v) => requireOf(v) || (v.type === 'Identifier' ? bound.get(v.name) : null)
        // `module.exports.load = loader.load`: a name of a bound module.
        || (v.type === 'MemberExpression' && v.object.type === 'Identifier' ? bound.get(v.object.name) : null);
      add(value(st.expression.right));
    }
  }
  return found;
}

// The source modules a test reaches through the ones it imports and what those re-export (followed across
// modules, each once).
function throughReexports(imports, exportsOf) {
  const all = new Set(imports);
  const queue = [...imports];
  while (queue.length) {
    for (const m of exportsOf(queue.pop())) {
      if (!all.has(m)) { all.add(m); queue.push(m); }
    }
  }
  return all;
}

function analyse(a) {
  const acorn = require('acorn');
  const root = fs.realpathSync(a.root);
  const sources = fs.readFileSync(a.sources, 'utf8').split('\n').filter(Boolean);
  const sourceSet = new Set(sources);
  const runs = fs.readFileSync(a.runs, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [i, rc, file] = l.split('\t');
    return { i, rc: Number(rc), file };
  });
  const base = readCoverage(path.join(a.cov, 'load'));
  const runCov = runs.map((r) => readCoverage(path.join(a.cov, r.i)));

  const refs = {};
  const parseErrors = [];
  const exportsCache = new Map();
  const exportsOf = (m) => {
    if (!exportsCache.has(m)) exportsCache.set(m, reexports(acorn, root, m, sourceSet));
    return exportsCache.get(m);
  };
  for (const r of runs) {
    refs[r.file] = testReferences(acorn, root, r.file, sourceSet);
    if (refs[r.file].error) parseErrors.push({ path: r.file, error: refs[r.file].error });
    // A module re-exported by one the test imports is imported by it too (the Python truth counts names a
    // package re-exports the same way).
    else refs[r.file].imports = throughReexports(refs[r.file].imports, exportsOf);
  }

  const modules = [];
  const loadFailed = [];
  for (const rel of sources) {
    const abs = path.join(root, rel);
    let text = fs.readFileSync(abs, 'utf8');
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (bom) text = text.slice(1);
    let defs;
    try { defs = definitions(parse(acorn, text)); } catch (e) {
      parseErrors.push({ path: rel, error: String(e) });
      continue;
    }
    const positions = [...new Set(defs.stmts.map((s) => s.pos))].sort((x, y) => x - y);
    const shift = (ranges) => (bom ? ranges.map((r) => ({ ...r, startOffset: r.startOffset - 1, endOffset: r.endOffset - 1 })) : ranges);
    const baseProcs = (base.get(abs) || []).map((rs) => countsAt(shift(rs), positions));
    const inBase = baseProcs.length > 0;
    if (!inBase) loadFailed.push(rel);
    const baseCount = (p) => Math.max(0, ...baseProcs.map((m) => m.get(p)));
    // Without a baseline, a statement counts only inside a function that was called (not the file's top level).
    const topLevel = (rs, p) => {
      const inner = rs.filter((r) => r.startOffset <= p && p < r.endOffset)
        .sort((x, y) => (x.endOffset - x.startOffset) - (y.endOffset - y.startOffset))[0];
      return !inner || (inner.startOffset === 0 && inner.endOffset >= text.length);
    };
    const bodyPos = new Set(defs.stmts.filter((s) => s.fn).map((s) => s.pos));
    const anyRun = new Set();
    const byTests = new Set();
    const perTest = {};
    for (const [k, r] of runs.entries()) {
      for (const rs0 of runCov[k].get(abs) || []) {
        const rs = shift(rs0);
        const counts = countsAt(rs, positions);
        for (const p of positions) {
          const c = counts.get(p);
          if (c > 0) anyRun.add(p);
          if (!bodyPos.has(p) || c <= 0) continue;
          const ran = inBase ? c > baseCount(p) : !topLevel(rs, p);
          if (ran) {
            byTests.add(p);
            (perTest[r.file] = perTest[r.file] || new Set()).add(p);
          }
        }
      }
    }
    const bodyAny = [...bodyPos].filter((p) => anyRun.has(p));
    const testFiles = Object.keys(perTest).sort();
    const direct = runs.filter((r) => refs[r.file].imports.has(rel)).map((r) => r.file).sort();
    const strs = runs.filter((r) => refs[r.file].strings.has(rel) && !refs[r.file].imports.has(rel)).map((r) => r.file).sort();
    const execDirect = testFiles.filter((f) => direct.includes(f));
    const execRef = testFiles.filter((f) => direct.includes(f) || strs.includes(f));
    const line = lineOf(text);
    const symbols = defs.funcs.filter((f) => f.name).map((f) => {
      const ps = f.stmts.map((s) => s.pos);
      const files = testFiles.filter((tf) => ps.some((p) => perTest[tf].has(p)));
      return { name: f.name, kind: f.top ? 'function' : 'nested', lineno: line(f.start),
        body_statements: ps.length, body_covered_by_tests: ps.filter((p) => byTests.has(p)).length,
        executed: ps.length ? ps.some((p) => byTests.has(p)) : null, test_files: files };
    });
    const tested = byTests.size > 0;
    modules.push({
      path: rel,
      module: rel,
      is_package_init: false,
      measured: anyRun.size > 0,
      loaded_by_baseline: inBase,
      statements: { total: positions.length, covered_any: anyRun.size, covered_by_tests: byTests.size,
        missing: positions.length - anyRun.size },
      module_level: { statements: positions.length - bodyPos.size, covered_any: [...anyRun].filter((p) => !bodyPos.has(p)).length },
      function_body: { statements: bodyPos.size, covered_any: bodyAny.length, covered_by_tests: byTests.size,
        covered_only_outside_tests: bodyAny.filter((p) => !byTests.has(p)).length,
        fraction_by_tests: bodyPos.size ? Math.round((byTests.size / bodyPos.size) * 1e4) / 1e4 : null },
      n_functions: defs.funcs.length,
      tested,
      test_files: testFiles,
      test_file_body_statements: Object.fromEntries(testFiles.map((f) => [f, perTest[f].size])),
      direct_importers: direct,
      imported_directly_by_any_test_file: direct.length > 0,
      executing_test_files_importing_directly: execDirect,
      indirect_only: tested && execDirect.length === 0,
      indirect_only_no_importer_at_all: tested && direct.length === 0,
      attribute_referencers: [],
      string_referencers: strs,
      executing_test_files_importing_or_referencing: execRef,
      indirect_only_even_counting_references: tested && execRef.length === 0,
      symbols,
    });
  }

  const execBy = {};
  for (const m of modules) for (const tf of m.test_files) (execBy[tf] = execBy[tf] || []).push(m.path);
  const tests = runs.map((r) => ({
    path: r.file,
    kind: 'test-file',
    exit_code: r.rc,
    imports_modules: [...refs[r.file].imports].sort(),
    executes_function_bodies_of: (execBy[r.file] || []).sort(),
  }));
  const withBodies = modules.filter((m) => m.function_body.statements > 0);
  const timing = {};
  for (const t of a.timing || []) { const [k, v] = t.split('='); timing[k] = Number(v); }
  const out = {
    schema_version: 1,
    project: { name: a.name, version: a.version, language: 'javascript', scan_root: root,
      tarball: a.tarball, tarball_sha256: a['tarball-sha256'], tests_from_git: a.git || null,
      tests_git_ref: a['git-ref'] || null, notes: a.notes || '' },
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`,
      acorn: acorn.version, npm_ls: fs.existsSync(a['npm-ls'] || '') ? fs.readFileSync(a['npm-ls'], 'utf8').split('\n').filter(Boolean) : [] },
    run: { runner: a.runner, test_files: runs.length, failing_test_files: runs.filter((r) => r.rc !== 0).map((r) => r.file),
      not_loaded_by_baseline: loadFailed, static_import_parse_errors: parseErrors, timing_s: timing },
    summary: {
      modules: modules.length,
      modules_with_function_bodies: withBodies.length,
      modules_tested: modules.filter((m) => m.tested).length,
      modules_zero_function_body_coverage_among_those_with_bodies: withBodies.filter((m) => !m.tested).length,
      modules_indirect_only: modules.filter((m) => m.indirect_only).length,
      function_body_statements_total: modules.reduce((s, m) => s + m.function_body.statements, 0),
      function_body_statements_covered_by_tests: modules.reduce((s, m) => s + m.function_body.covered_by_tests, 0),
    },
    test_files: tests,
    modules,
  };
  fs.writeFileSync(a.out, `${JSON.stringify(out, null, 1)}\n`);
}

const [mode, ...rest] = process.argv.slice(2);
const a = args(rest);
if (mode === 'list') list(a);
else if (mode === 'load') load(a);
else if (mode === 'analyse') analyse(a);
else {
  console.error('usage: truth.js list|load|analyse --root DIR ...');
  process.exit(2);
}
