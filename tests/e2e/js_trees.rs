//! JavaScript and TypeScript trees through the whole pipeline: specifiers, barrels, tsconfig paths,
//! CommonJS, test naming, statuses as for every language.

use crate::support::{evidence, evidence_kinds as kinds, pipeline, symbols, Tree};
use serde_json::json;

#[test]
fn typescript_with_barrels_and_tsconfig_paths() {
    let tree = Tree::new()
        .file("tsconfig.json", "{\n  \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"src/*\"] } }, // comment\n}\n")
        .file("src/cart/index.ts", "export * from './cart';\nexport { Discount } from './discount';\n")
        .file(
            "src/cart/cart.ts",
            "import { round } from '@/money/round';\n\nexport class Cart {\n  private items: number[] = [];\n  add(cents: number): void {\n    if (cents <= 0) {\n      throw new RangeError('cents');\n    }\n    this.items.push(round(cents));\n  }\n  total(): number {\n    return this.items.reduce((a, b) => a + b, 0);\n  }\n}\n",
        )
        .file("src/cart/discount.ts", "export class Discount {\n  apply(c: number, pct: number) {\n    return pct > 100 ? 0 : c;\n  }\n}\n")
        .file("src/money/round.ts", "export function round(c: number) {\n  return Math.round(c);\n}\n")
        .file("src/tax/rates.ts", "export const rate = (country: string) => (country === 'DE' ? 0.19 : 0.2);\n")
        .file(
            "src/cart/__tests__/cart.test.ts",
            "import { Cart } from '..';\nimport { rate } from '@/tax/rates';\n\ndescribe('Cart', () => {\n  it('adds', () => {\n    const c = new Cart();\n    c.add(5);\n    expect(c.total()).toBe(5);\n  });\n});\n",
        )
        .file("node_modules/left-pad/index.js", "module.exports = function () {};\n")
        .file("dist/bundle.js", "function x() {}\n")
        .file("src/types.d.ts", "declare function g(): void;\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let cart = p.module("src/cart/cart.ts");
    assert_eq!(cart["language"], "javascript");
    assert_eq!(cart["status"], "tested", "{cart}");
    assert_eq!(
        cart["direct_tests"],
        json!(["src/cart/__tests__/cart.test.ts"])
    );
    assert_eq!(cart["raises"], json!([{"line": 7, "name": "RangeError"}]));
    assert_eq!(p.module("src/money/round.ts")["status"], "indirect");
    assert_eq!(p.module("src/tax/rates.ts")["status"], "import_only");
    assert_eq!(p.module("src/cart/discount.ts")["status"], "untested");
    let doc = p.json();
    let paths: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "src/cart/cart.ts",
            "src/cart/discount.ts",
            "src/cart/index.ts",
            "src/money/round.ts",
            "src/tax/rates.ts"
        ],
        "node_modules, dist and declarations are skipped"
    );
    assert_eq!(doc["tests"][0]["test_functions"], 1);
}

#[test]
fn commonjs_packages_resolve_through_package_json_main() {
    let tree = Tree::new()
        .file("package.json", "{\"name\": \"kv\", \"main\": \"lib/index.js\"}\n")
        .file("lib/index.js", "var parse = require('./parse');\nvar format = require('./format');\nmodule.exports = { parse: parse, format: format };\n")
        .file("lib/parse.js", "module.exports = function parse(s) {\n  return s.split('&').filter(function (x) { return x && x.length; });\n};\n")
        .file("lib/format.js", "module.exports = function (o) {\n  return Object.keys(o).join('&');\n};\n")
        .file("test/parse.js", "var kv = require('../');\nvar test = require('tape');\n\ntest('parse', function (t) {\n  t.deepEqual(kv.parse('a&b'), ['a', 'b']);\n  t.end();\n});\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(p.module("lib/parse.js")["status"], "tested");
    assert_eq!(p.module("lib/parse.js")["symbols"][0]["name"], "parse");
    assert_eq!(p.module("lib/parse.js")["branches"], 1, "&&");
    assert_eq!(
        p.module("lib/format.js")["status"],
        "untested",
        "only the re-exporting index.js requires it, and no test uses kv.format"
    );
}

#[test]
fn a_client_after_a_regex_with_a_quote_is_read_and_tested() {
    let tree = Tree::new()
        .file(
            "lib/client.js",
            "const QUOTE = /\"/g;\nconst ratio = width / 2 / scale;\n\nexport class Client {\n  request(url) {\n    return url.replace(QUOTE, '');\n  }\n}\n",
        )
        .file(
            "lib/client.test.js",
            "import { Client } from './client.js';\n\ntest('request', () => {\n  expect(new Client().request('\"x\"')).toBe('x');\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let client = p.module("lib/client.js");
    assert_eq!(
        symbols(&client),
        [("Client".into(), true), ("Client.request".into(), true)]
    );
    assert_eq!(client["status"], "tested", "{client}");
}

#[test]
fn commonjs_reexports_tap_files_and_modules_named_by_require_resolve() {
    let tree = Tree::new()
        .file("package.json", "{\"name\": \"res\", \"main\": \"index.js\"}\n")
        .file("index.js", "module.exports = require('./lib/');\n")
        .file(
            "lib/index.js",
            "var core = require('./core');\ncore.isCore = require('./is-core');\nmodule.exports = core;\n",
        )
        .file("lib/core.js", "module.exports = function resolve(x) {\n  return x;\n};\n")
        .file("lib/is-core.js", "module.exports = function isCore(x) {\n  return x === 'fs';\n};\n")
        .file("lib/simplify.js", "module.exports = (versions, range) => {\n  return versions.filter((v) => v === range);\n};\n")
        .file("lib/debug.js", "const debug = process.env.DEBUG ? (...a) => console.error(...a) : () => {};\nmodule.exports = debug;\n")
        .file("lib/cart.mjs", "function makeCart() {\n  return [];\n}\nexport const create = makeCart;\n")
        .file("lib/shapes/index.mjs", "export * from './circle.mjs';\n")
        .file("lib/shapes/circle.mjs", "export function area(r) {\n  return r * r;\n}\n")
        .file("bin/cli.js", "function main(argv) {\n  return argv.length;\n}\nmain(process.argv);\n")
        .file(
            "test/core.js",
            "var test = require('tape');\nvar resolve = require('../');\n\ntest('core', function (t) {\n  t.ok(resolve.isCore('fs'));\n  t.equal(resolve('x'), 'x');\n  t.end();\n});\n",
        )
        .file(
            "test/simplify.js",
            "const t = require('tap');\nconst simplify = require('../lib/simplify.js');\n\nt.same(simplify(['1'], '1'), ['1']);\n",
        )
        .file(
            "test/cli.js",
            "const t = require('tap');\nconst { spawnSync } = require('child_process');\nconst bin = require.resolve('../bin/cli');\n\nt.equal(spawnSync(process.execPath, [bin]).status, 0);\n",
        )
        .file("test/cart.test.mjs", "import { create } from '../lib/cart.mjs';\n\nit('creates', () => {\n  create();\n});\n")
        .file("test/shapes.test.mjs", "import { area } from '../lib/shapes/index.mjs';\n\nit('loads', () => {});\n")
        .file(
            "test-debug.js",
            "var test = require('tape');\n\ntest('debug', function (t) {\n  require('./lib/debug')('x');\n  t.end();\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let direct = |path: &str, test: &str, kind: &str| {
        let m = p.module(path);
        assert_eq!(m["status"], "tested", "{path}: {m}");
        assert_eq!(m["direct_tests"], json!([test]), "{path}");
        assert_eq!(kinds(&m), [kind], "{path}");
    };
    // module.exports = require('./lib/'), then `core.isCore = require('./is-core')`.
    direct("lib/core.js", "test/core.js", "reference");
    direct("lib/is-core.js", "test/core.js", "reference");
    // tap files hold no it()/test() calls: importing tap makes them tests; an arrow default export.
    direct("lib/simplify.js", "test/simplify.js", "reference");
    // require.resolve names the script the test spawns.
    direct("bin/cli.js", "test/cli.js", "by_name");
    assert_eq!(
        p.module("bin/cli.js")["evidence"][0]["detail"],
        "../bin/cli"
    );
    // export const create = makeCart.
    direct("lib/cart.mjs", "test/cart.test.mjs", "reference");
    // A root test-*.js tape file is a test; a module whose default export is an expression, called.
    direct("lib/debug.js", "test-debug.js", "reference");
    // A name taken from an `export *` barrel and never used: the defining module is imported only.
    let circle = p.module("lib/shapes/circle.mjs");
    assert_eq!(circle["status"], "import_only", "{circle}");
    assert_eq!(circle["import_only_tests"], json!(["test/shapes.test.mjs"]));
    assert_eq!(kinds(&circle), ["import"]);
    let doc = p.json();
    let kind_of = |path: &str| {
        doc["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["path"] == path)
            .map(|t| t["kind"].clone())
    };
    assert_eq!(kind_of("test/simplify.js"), Some(json!("test")));
    assert_eq!(kind_of("test-debug.js"), Some(json!("test")));
}

#[test]
fn examples_and_benchmarks_are_not_product_unless_gap_toml_says_so() {
    let tree = Tree::new()
        .file("lib/core.js", "export function run() {\n  return 1;\n}\n")
        .file(
            "examples/demo.js",
            "import { run } from '../lib/core.js';\nexport function demo() {\n  return run();\n}\n",
        )
        .file(
            "benchmarks/speed.js",
            "export function speed() {\n  return 2;\n}\n",
        )
        .file(
            "lib/core.test.js",
            "import { run } from './core.js';\n\ntest('run', () => {\n  run();\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    let paths: Vec<&str> = doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["lib/core.js"]);
    let excluded = crate::support::excluded(&doc);
    assert_eq!(
        excluded,
        [
            ("benchmarks/speed.js", "benchmark"),
            ("examples/demo.js", "example")
        ]
    );
    let tree = tree.file("gap.toml", "product = [\"examples/**\"]\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(p.module("examples/demo.js")["status"], "untested");
}

#[test]
fn commonjs_api_functions_assigned_to_exports_objects_and_prototypes_are_symbols() {
    let tree = Tree::new()
        .file(
            "lib/res.js",
            "var res = Object.create(http.ServerResponse.prototype);\nmodule.exports = res;\nres.send = function send(body) { return this; };\nres.json = function (obj) { return this.send(JSON.stringify(obj)); };\nexports.helper = function helper() {};\nfunction Router() {}\nRouter.prototype.route = function route(path) {\n  return path || '/';\n};\nRouter.prototype.use = (fn) => fn;\nres.Router = Router;\n",
        )
        .file(
            "test/res.test.js",
            "const res = require('../lib/res');\nconst Router = res.Router;\n\ntest('send and route', () => {\n  expect(res.send('ok')).toBe(res);\n  expect(new Router().route('/a')).toBe('/a');\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let m = p.module("lib/res.js");
    assert_eq!(
        symbols(&m),
        [
            ("send".into(), true),
            ("json".into(), false),
            ("helper".into(), false),
            ("Router".into(), true),
            ("Router.route".into(), true),
            ("Router.use".into(), false),
        ],
        "{m}"
    );
    // `res.Router = Router` on the exported object makes Router public: the test uses send, Router and
    // Router.route of the six.
    assert_eq!(m["status"], "tested", "{m}");
    assert_eq!(
        m["missing_symbols"],
        json!(["json", "helper", "Router.use"])
    );
    assert_eq!(m["direct_tests"], json!(["test/res.test.js"]));
    assert_eq!(kinds(&m), ["reference"]);
    let route = &m["symbols"][4];
    assert_eq!(
        (route["kind"].clone(), route["branches"].clone()),
        (json!("method"), json!(1))
    );
}

#[test]
fn methods_inherited_from_a_base_class_in_another_module_credit_that_module() {
    let tree = Tree::new()
        .file(
            "src/base/model.ts",
            "export class Model {\n  save(): void {}\n  remove(): void {}\n}\n",
        )
        .file(
            "src/base/index.ts",
            "export * from './model';\n",
        )
        .file(
            "src/user.ts",
            "import { Model } from './base';\n\nexport class User<T extends object> extends Model implements Named {\n  rename(n: string) { return n; }\n}\n",
        )
        .file(
            "src/admin.ts",
            "import * as users from './user';\n\nexport class Admin extends users.User<{}> {\n  grant() {}\n}\n",
        )
        .file(
            "src/other.ts",
            "export class Other {\n  save() {}\n}\n",
        )
        .file(
            "src/admin.test.ts",
            "import { Admin } from './admin';\n\ntest('saves', () => {\n  const a = new Admin();\n  a.save();\n  a.grant();\n});\n",
        )
        .file(
            "lib/emitter.js",
            "class Emitter {\n  on(name, f) { return this; }\n  off(name) {}\n}\nmodule.exports = { Emitter };\n",
        )
        .file(
            "lib/stream.js",
            "const { Emitter } = require('./emitter');\nclass Stream extends Emitter {\n  pipe() {}\n}\nmodule.exports = Stream;\n",
        )
        .file(
            "lib/loop.js",
            "const { B } = require('./loop2');\nclass A extends B {}\nmodule.exports = { A };\n",
        )
        .file(
            "lib/loop2.js",
            "const { A } = require('./loop');\nclass B extends A {\n  spin() {}\n}\nmodule.exports = { B };\n",
        )
        .file(
            "test/stream.test.js",
            "const Stream = require('../lib/stream');\nconst { A } = require('../lib/loop');\n\nit('listens', () => {\n  new Stream().on('data', () => {});\n  new A().spin();\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    // `a.save()` on an Admin runs Model.save, two modules and a barrel away.
    let model = p.module("src/base/model.ts");
    assert_eq!(model["status"], "tested", "{model}");
    assert_eq!(model["direct_tests"], json!(["src/admin.test.ts"]));
    assert_eq!(
        evidence(&model),
        [(
            "src/admin.test.ts".to_string(),
            "reference".to_string(),
            "Model".to_string()
        )]
    );
    assert_eq!(
        symbols(&model),
        [
            ("Model".to_string(), true),
            ("Model.save".to_string(), true),
            ("Model.remove".to_string(), false)
        ]
    );
    // User's own method is not named: its module is only imported on the way.
    assert_eq!(p.module("src/user.ts")["direct_tests"], json!([]));
    assert_eq!(p.module("src/other.ts")["status"], "untested");
    // CommonJS: `new Stream().on(...)` runs Emitter.on.
    let emitter = p.module("lib/emitter.js");
    assert_eq!(
        emitter["direct_tests"],
        json!(["test/stream.test.js"]),
        "{emitter}"
    );
    assert_eq!(
        symbols(&emitter),
        [
            ("Emitter".to_string(), true),
            ("Emitter.on".to_string(), true),
            ("Emitter.off".to_string(), false)
        ]
    );
    // A cycle of bases ends: B.spin is reached once, through A.
    let spin = p.module("lib/loop2.js");
    assert_eq!(
        spin["direct_tests"],
        json!(["test/stream.test.js"]),
        "{spin}"
    );
}

#[test]
fn a_binding_given_to_a_property_of_the_exported_object_is_exported() {
    let tree = Tree::new()
        .file("package.json", "{\"name\": \"sock\", \"main\": \"index.js\"}\n")
        .file(
            "index.js",
            "'use strict';\n\nconst Socket = require('./lib/socket');\nconst Server = require('./lib/server');\nconst helpers = require('./lib/helpers');\nconst local = { Server };\n\nSocket.Server = Server;\nSocket.Socket = Socket;\nlocal.helpers = helpers;\n\nmodule.exports = Socket;\n",
        )
        .file(
            "lib/socket.js",
            "class Socket {\n  send(data) {\n    return data ? 1 : 0;\n  }\n}\n\nmodule.exports = Socket;\n",
        )
        .file(
            "lib/server.js",
            "class Server {\n  handleUpgrade(req) {\n    if (!req) {\n      throw new Error('req');\n    }\n  }\n  close() {}\n}\n\nmodule.exports = Server;\n",
        )
        .file(
            "lib/helpers.js",
            "function helpers() {}\nmodule.exports = helpers;\n",
        )
        .file(
            "test/server.test.js",
            "const assert = require('assert');\nconst Socket = require('..');\n\ndescribe('Server', () => {\n  it('upgrades', () => {\n    const wss = new Socket.Server();\n    wss.handleUpgrade({});\n    assert.ok(helpers);\n  });\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let server = p.module("lib/server.js");
    assert_eq!(server["status"], "tested", "{server}");
    assert_eq!(server["direct_tests"], json!(["test/server.test.js"]));
    assert_eq!(kinds(&server), ["reference"]);
    assert_eq!(server["missing_symbols"], json!(["Server.close"]));
    // `local` is not what the module exports: its `helpers` property is no export.
    assert_eq!(p.module("lib/helpers.js")["status"], "untested");
}

#[test]
fn modules_mixed_into_what_a_factory_returns_are_used_through_it() {
    let tree = Tree::new()
        .file("package.json", "{\"name\": \"web\", \"main\": \"lib/web.js\"}\n")
        .file(
            "lib/web.js",
            "var mixin = require('merge-descriptors');\nvar proto = require('./application');\nvar res = require('./response');\nvar unused = require('./unused');\n\nexports = module.exports = createApplication;\n\nfunction createApplication() {\n  var app = function (req, res, next) {\n    app.handle(req, res, next);\n  };\n  mixin(app, proto, false);\n  app.response = Object.create(res, { app: { value: app } });\n  return app;\n}\n\nexports.version = unused.version;\n",
        )
        .file(
            "lib/application.js",
            "var app = exports = module.exports = {};\n\napp.use = function use(fn) {\n  if (typeof fn !== 'function') {\n    throw new TypeError('fn');\n  }\n  return this;\n};\n\napp.listen = function listen() {\n  return this;\n};\n\napp.handle = function handle(req, res, next) {\n  next();\n};\n",
        )
        .file(
            "lib/response.js",
            "var res = Object.create(null);\nmodule.exports = res;\n\nres.send = function send(body) {\n  return body ? this : null;\n};\n\nres.redirect = function redirect(url) {\n  return url;\n};\n",
        )
        .file(
            "lib/unused.js",
            "exports.version = '1';\nexports.format = function format(x) {\n  return String(x);\n};\n",
        )
        .file(
            "test/app.use.js",
            "var assert = require('assert');\nvar web = require('..');\n\ndescribe('app.use', function () {\n  it('mounts', function () {\n    var app = web();\n    app.use(function (req, res) {\n      res.send('ok');\n    });\n    assert.ok(app.listen());\n  });\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let app = p.module("lib/application.js");
    assert_eq!(app["status"], "tested", "{app}");
    assert_eq!(app["direct_tests"], json!(["test/app.use.js"]));
    assert_eq!(kinds(&app), ["reference"]);
    assert_eq!(app["missing_symbols"], json!(["handle"]));
    let res = p.module("lib/response.js");
    assert_eq!(res["direct_tests"], json!(["test/app.use.js"]), "{res}");
    assert_eq!(res["missing_symbols"], json!(["redirect"]));
    // A module read for a value, not mixed in: none of its functions is used.
    assert_eq!(p.module("lib/unused.js")["direct_tests"], json!([]));
}

#[test]
fn a_commonjs_property_named_default_is_not_the_modules_binding() {
    let tree = Tree::new()
        .file(
            "lib/common.js",
            "exports.default = function (value, fallback) {\n  return value === undefined ? fallback : value;\n};\n\nexports.assertOptions = function (options) {\n  if (!options) {\n    throw new Error('options');\n  }\n};\n",
        )
        .file(
            "lib/parse.js",
            "module.exports = function parse(text) {\n  return text ? text.split(',') : [];\n};\n",
        )
        .file(
            "test/common.test.js",
            "const Common = require('../lib/common');\nconst parse = require('../lib/parse');\n\nit('asserts', () => {\n  expect(() => Common.assertOptions()).toThrow();\n  expect(parse('a,b')).toEqual(['a', 'b']);\n});\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let common = p.module("lib/common.js");
    assert_eq!(
        symbols(&common),
        [
            ("default".to_string(), false),
            ("assertOptions".to_string(), true)
        ],
        "{common}"
    );
    assert_eq!(common["missing_symbols"], json!(["default"]));
    assert_eq!(
        evidence(&common),
        [(
            "test/common.test.js".to_string(),
            "reference".to_string(),
            "assertOptions".to_string()
        )]
    );
    // `module.exports = function parse`: the binding is the function.
    let parse = p.module("lib/parse.js");
    assert_eq!(parse["status"], "tested", "{parse}");
    assert_eq!(symbols(&parse), [("parse".to_string(), true)]);
}
