//! Java and Kotlin trees through the whole pipeline: Maven/Gradle layouts, imports and same-package use.

use crate::support::{evidence, pipeline, symbols, Tree};
use serde_json::json;

#[test]
fn java_and_kotlin_statuses() {
    let tree = Tree::new()
        .file("pom.xml", "<project/>\n")
        .file(
            "src/main/java/com/shop/Cart.java",
            "package com.shop;\n\nimport com.shop.money.Round;\n\npublic class Cart {\n    private int total;\n\n    public void add(int cents) {\n        if (cents <= 0) {\n            throw new IllegalArgumentException(\"cents\");\n        }\n        total += Round.round(cents);\n    }\n\n    public int total() {\n        return total;\n    }\n}\n",
        )
        .file("src/main/java/com/shop/money/Round.java", "package com.shop.money;\n\npublic final class Round {\n    public static int round(int c) {\n        return c;\n    }\n}\n")
        .file("src/main/java/com/shop/Tax.java", "package com.shop;\n\npublic class Tax {\n    public double rate(String c) {\n        return \"DE\".equals(c) ? 0.19 : 0.2;\n    }\n}\n")
        .file("src/main/kotlin/com/shop/Labels.kt", "package com.shop\n\nfun label(cents: Int): String = if (cents > 100) \"big\" else \"small\"\n\nfun unused() {}\n")
        .file(
            "src/test/java/com/shop/CartTest.java",
            "package com.shop;\n\nimport org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nclass CartTest {\n    @Test\n    void adds() {\n        Cart c = new Cart();\n        c.add(5);\n        assertEquals(5, c.total());\n    }\n}\n",
        )
        .file(
            "src/test/kotlin/com/shop/LabelsTest.kt",
            "package com.shop\n\nimport kotlin.test.Test\nimport kotlin.test.assertEquals\n\nclass LabelsTest {\n    @Test\n    fun big() {\n        assertEquals(\"big\", label(500))\n    }\n}\n",
        )
        .file("target/classes/Gen.java", "class Gen {}\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let cart = p.module("src/main/java/com/shop/Cart.java");
    assert_eq!(cart["language"], "java");
    assert_eq!(cart["name"], "com.shop.Cart");
    assert_eq!(cart["status"], "tested", "same package, no import: {cart}");
    assert_eq!(
        cart["direct_tests"],
        json!(["src/test/java/com/shop/CartTest.java"])
    );
    assert_eq!(
        cart["raises"],
        json!([{"line": 10, "name": "IllegalArgumentException"}])
    );
    assert_eq!(
        cart["named_tests"],
        json!(["src/test/java/com/shop/CartTest.java"])
    );
    assert_eq!(
        p.module("src/main/java/com/shop/money/Round.java")["status"],
        "indirect"
    );
    assert_eq!(
        p.module("src/main/java/com/shop/Tax.java")["status"],
        "untested"
    );
    assert_eq!(p.module("src/main/java/com/shop/Tax.java")["branches"], 1);
    let labels = p.module("src/main/kotlin/com/shop/Labels.kt");
    assert_eq!(
        (labels["language"].clone(), labels["status"].clone()),
        (json!("kotlin"), json!("tested"))
    );
    assert_eq!(labels["referenced_symbols"], 1);
}

#[test]
fn kotlin_extension_functions_and_an_unfinished_import_alias() {
    let tree = Tree::new()
        .file(
            "src/main/kotlin/auth/Scopes.kt",
            "package auth\n\nfun Set<String>.hasAuth(): Boolean = contains(\"auth\")\n\nfun Set<String>.scopes(): Int = size\n",
        )
        .file("src/main/kotlin/auth/Broken.kt", "package auth\nimport a.b as")
        .file(
            "src/test/kotlin/auth/ScopesTest.kt",
            "package auth\n\nimport kotlin.test.Test\n\nclass ScopesTest {\n    @Test\n    fun auth() {\n        check(setOf(\"auth\").hasAuth())\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let scopes = p.module("src/main/kotlin/auth/Scopes.kt");
    assert_eq!(
        symbols(&scopes),
        [("hasAuth".into(), true), ("scopes".into(), false)]
    );
    assert_eq!(scopes["status"], "tested");
    assert_eq!(
        p.module("src/main/kotlin/auth/Broken.kt")["language"],
        "kotlin",
        "a file ending in `import a.b as` is read, not a crash"
    );
}

/// The paths of the document's modules.
fn module_paths(doc: &serde_json::Value) -> Vec<String> {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn classes_named_by_string_and_service_implementations_are_reached() {
    let tree = Tree::new()
        .file("pom.xml", "<project><artifactId>shop</artifactId></project>\n")
        .file(
            "src/main/java/com/shop/Registry.java",
            "package com.shop;\n\nimport java.util.ServiceLoader;\n\npublic class Registry {\n    public static Object time() throws Exception {\n        return Class.forName(\"com.shop.time.TimeAdapters\").getDeclaredConstructor().newInstance();\n    }\n    public static Iterable<Plugin> plugins() {\n        return ServiceLoader.load(Plugin.class);\n    }\n}\n",
        )
        .file("src/main/java/com/shop/time/TimeAdapters.java", "package com.shop.time;\n\npublic final class TimeAdapters {\n    public Object adapt(Object o) { return o; }\n}\n")
        .file("src/main/java/com/shop/Plugin.java", "package com.shop;\n\npublic interface Plugin {\n    String name();\n}\n")
        .file("src/main/java/com/shop/impl/FastPlugin.java", "package com.shop.impl;\n\nimport com.shop.Plugin;\n\npublic class FastPlugin implements Plugin {\n    public String name() { return \"fast\"; }\n}\n")
        .file("src/main/resources/META-INF/services/com.shop.Plugin", "# plugins\ncom.shop.impl.FastPlugin\n")
        .file("src/main/java/com/shop/Launcher.java", "package com.shop;\n\npublic class Launcher {\n    public static void run() {}\n    public static void stop() {}\n}\n")
        .file(
            "src/test/java/com/shop/RegistryTest.java",
            "package com.shop;\n\nimport org.junit.jupiter.api.Test;\n\nclass RegistryTest {\n    @Test\n    void time() throws Exception {\n        Registry.time();\n        Registry.plugins();\n    }\n}\n",
        )
        .file(
            "src/test/java/com/shop/it/LauncherIT.java",
            "package com.shop.it;\n\nimport org.junit.jupiter.api.Test;\n\nclass LauncherIT {\n    @Test\n    void runs() throws Exception {\n        Class<?> c = Class.forName(\"com.shop.Launcher\");\n        c.getMethod(\"run\").invoke(null);\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let time = p.module("src/main/java/com/shop/time/TimeAdapters.java");
    assert_eq!(
        time["status"], "indirect",
        "loaded by Class.forName: {time}"
    );
    assert_eq!(
        time["indirect_via"],
        json!(["src/main/java/com/shop/Registry.java"])
    );
    assert_eq!(
        p.module("src/main/java/com/shop/Registry.java")["imports"],
        json!([
            "src/main/java/com/shop/Plugin.java",
            "src/main/java/com/shop/impl/FastPlugin.java",
            "src/main/java/com/shop/time/TimeAdapters.java"
        ])
    );
    let fast = p.module("src/main/java/com/shop/impl/FastPlugin.java");
    assert_eq!(
        fast["status"], "indirect",
        "a ServiceLoader loads it: {fast}"
    );
    let launcher = p.module("src/main/java/com/shop/Launcher.java");
    assert_eq!(launcher["status"], "tested", "{launcher}");
    assert_eq!(
        launcher["direct_tests"],
        json!(["src/test/java/com/shop/it/LauncherIT.java"])
    );
    assert_eq!(
        launcher["evidence"],
        json!([{"test": "src/test/java/com/shop/it/LauncherIT.java", "line": 8, "kind": "by_name", "detail": "\"com.shop.Launcher\""}])
    );
    assert_eq!(
        symbols(&launcher),
        [
            ("Launcher".into(), true),
            ("Launcher.run".into(), true),
            ("Launcher.stop".into(), false)
        ]
    );
}

#[test]
fn a_test_that_loads_a_service_names_its_implementations() {
    let tree = Tree::new()
        .file("build.gradle.kts", "dependencies {\n  testImplementation(libs.junit)\n}\n")
        .file("src/main/kotlin/shop/Plugin.kt", "package shop\n\ninterface Plugin {\n    fun name(): String\n}\n")
        .file("src/main/kotlin/shop/impl/Fast.kt", "package shop.impl\n\nclass Fast : shop.Plugin {\n    override fun name() = \"fast\"\n}\n")
        .file("src/main/resources/META-INF/services/shop.Plugin", "shop.impl.Fast\n")
        .file(
            "src/test/kotlin/shop/PluginTest.kt",
            "package shop\n\nimport java.util.ServiceLoader\nimport kotlin.test.Test\n\nclass PluginTest {\n    @Test\n    fun loads() {\n        ServiceLoader.load(Plugin::class.java).first().name()\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let fast = p.module("src/main/kotlin/shop/impl/Fast.kt");
    assert_eq!(
        evidence(&fast),
        [(
            "src/test/kotlin/shop/PluginTest.kt".to_string(),
            "by_name".to_string(),
            "src/main/resources/META-INF/services/shop.Plugin".to_string()
        )]
    );
    assert_eq!(
        fast["direct_tests"],
        json!(["src/test/kotlin/shop/PluginTest.kt"])
    );
}

#[test]
fn test_source_sets_helpers_and_nested_types() {
    let tree = Tree::new()
        .file("settings.gradle.kts", "include(\":okio\")\n")
        .file("okio/build.gradle.kts", "kotlin {\n  sourceSets {\n    commonTest {\n      dependencies { implementation(kotlin(\"test\")) }\n    }\n  }\n}\n")
        .file("okio/src/commonMain/kotlin/okio/Buffer.kt", "package okio\n\nclass Buffer {\n    fun write(b: Int) {}\n    fun size(): Int = 0\n}\n")
        .file("okio/src/commonMain/kotlin/okio/Path.kt", "package okio\n\nclass Path {\n    fun name(): String = \"\"\n}\n")
        .file("okio/src/commonTest/kotlin/okio/FakeSink.kt", "package okio\n\nclass FakeSink {\n    val buffer = Buffer()\n    fun put(b: Int) { buffer.write(b) }\n}\n")
        .file("okio/src/jvmTest/kotlin/okio/JvmHelpers.kt", "package okio\n\nfun tempPath(): Path = Path()\n")
        .file(
            "okio/src/commonTest/kotlin/okio/SinkTest.kt",
            "package okio\n\nimport kotlin.test.Test\n\nclass SinkTest {\n    @Test\n    fun puts() {\n        val sink = FakeSink()\n        sink.put(1)\n    }\n}\n",
        )
        .file("java/pom.xml", "<project><artifactId>shapes</artifactId></project>\n")
        .file("java/src/main/java/shapes/Shapes.java", "package shapes;\n\npublic final class Shapes {\n    public static final class Circle {\n        public double area() { return 0; }\n    }\n    public static Circle circle() { return new Circle(); }\n}\n")
        .file(
            "java/src/integrationTest/java/shapes/CircleCheck.java",
            "package shapes.check;\n\nimport org.junit.jupiter.api.Test;\nimport shapes.Shapes.Circle;\n\nclass CircleCheck {\n    @Test\n    void area() {\n        new Circle().area();\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    let modules = module_paths(&doc);
    assert_eq!(
        modules,
        [
            "java/src/main/java/shapes/Shapes.java",
            "okio/src/commonMain/kotlin/okio/Buffer.kt",
            "okio/src/commonMain/kotlin/okio/Path.kt"
        ],
        "helpers of test source sets are not modules"
    );
    let kinds: Vec<(&str, &str)> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["path"].as_str().unwrap(), t["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "java/src/integrationTest/java/shapes/CircleCheck.java",
                "test"
            ),
            ("okio/src/commonTest/kotlin/okio/FakeSink.kt", "support"),
            ("okio/src/commonTest/kotlin/okio/SinkTest.kt", "test"),
            ("okio/src/jvmTest/kotlin/okio/JvmHelpers.kt", "support")
        ]
    );
    let buffer = p.module("okio/src/commonMain/kotlin/okio/Buffer.kt");
    assert_eq!(
        buffer["status"], "tested",
        "through its helper FakeSink: {buffer}"
    );
    assert_eq!(
        buffer["evidence"],
        json!([{"test": "okio/src/commonTest/kotlin/okio/SinkTest.kt", "line": 8, "kind": "reference", "detail": "Buffer"}])
    );
    assert_eq!(
        p.module("okio/src/commonMain/kotlin/okio/Path.kt")["status"],
        "untested",
        "a helper no test names lends nothing"
    );
    let shapes = p.module("java/src/main/java/shapes/Shapes.java");
    assert_eq!(
        shapes["direct_tests"],
        json!(["java/src/integrationTest/java/shapes/CircleCheck.java"]),
        "import shapes.Shapes.Circle is Shapes.java: {shapes}"
    );
}

#[test]
fn generated_benchmark_and_test_support_code_is_not_product() {
    let tree = Tree::new()
        .file("settings.gradle.kts", "include(\":lib\", \":bench\")\n")
        .file("lib/build.gradle.kts", "dependencies {\n  implementation(\"com.squareup.okio:okio:3.9.0\")\n  testImplementation(libs.junit)\n}\n")
        .file("lib/src/main/java/a/Lib.java", "package a;\n\npublic class Lib {\n    public int f() { return 1; }\n}\n")
        .file("lib/src/main/java/a/Proto.java", "// Generated by the protocol buffer compiler.  DO NOT EDIT!\n// source: a.proto\npackage a;\n\npublic final class Proto {\n    public int g() { return 1; }\n}\n")
        .file("lib/src/main/java/a/Component.java", "package a;\n\nimport javax.annotation.processing.Generated;\n\n@Generated(\"dagger.internal.codegen.ComponentProcessor\")\npublic final class Component {\n    public int h() { return 1; }\n}\n")
        .file("lib/target/generated-sources/annotations/a/Mapper.java", "package a;\n\npublic class Mapper {\n    public int m() { return 1; }\n}\n")
        .file("bench/build.gradle.kts", "dependencies {\n  implementation(project(\":lib\"))\n  implementation(\"org.openjdk.jmh:jmh-core:1.37\")\n}\n")
        .file("bench/src/main/java/a/LibBench.java", "package a;\n\npublic class LibBench {\n    public void measure() { new Lib().f(); }\n}\n")
        .file("harness/pom.xml", "<project>\n  <artifactId>harness</artifactId>\n  <dependencies>\n    <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>\n  </dependencies>\n</project>\n")
        .file("harness/src/main/java/a/Harness.java", "package a;\n\npublic class Harness {\n    public void check() {}\n}\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    let modules = module_paths(&doc);
    assert_eq!(modules, ["lib/src/main/java/a/Lib.java"]);
    assert_eq!(
        doc["excluded"],
        json!([
            {"path": "bench/src/main/java/a/LibBench.java", "reason": "benchmark", "detail": "module bench/build.gradle.kts depends on org.openjdk.jmh:jmh-core (a benchmark framework)"},
            {"path": "harness/src/main/java/a/Harness.java", "reason": "test_support", "detail": "module harness/pom.xml depends only on test frameworks (junit:junit)"},
            {"path": "lib/src/main/java/a/Component.java", "reason": "generated", "detail": "@Generated on Component"},
            {"path": "lib/src/main/java/a/Proto.java", "reason": "generated", "detail": "Generated by the protocol buffer compiler.  DO NOT EDIT!"},
            {"path": "lib/target/generated-sources/annotations/a/Mapper.java", "reason": "generated", "detail": "in target/generated-sources/"}
        ])
    );
    std::fs::write(tree.path().join("gap.toml"), "product = [\"bench/**\"]\n").unwrap();
    let p = pipeline(tree.path(), &["--format", "json"]);
    assert_eq!(
        p.module("bench/src/main/java/a/LibBench.java")["status"],
        "untested",
        "gap.toml's product brings it back"
    );
}

#[test]
fn java_tests_credit_kotlin_code_through_classes_facades_and_backquoted_names() {
    let tree = Tree::new()
        .file("build.gradle.kts", "dependencies {\n  testImplementation(libs.junit)\n}\n")
        .file(
            "src/main/java/shop/Reader.kt",
            "package shop\n\nabstract class Reader {\n    abstract fun peek(): Int\n    companion object {\n        fun of(s: String): Reader = `-Utf8Reader`(s)\n    }\n}\n",
        )
        .file(
            "src/main/java/shop/-Utf8Reader.kt",
            "package shop\n\ninternal class `-Utf8Reader`(val s: String) : Reader() {\n    override fun peek(): Int = s.length\n}\n",
        )
        .file(
            "src/main/java/shop/internal/Util.kt",
            "@file:JvmName(\"Util\")\npackage shop.internal\n\nfun canonicalize(s: String): String = s.trim()\n\nfun unused(): Int = 0\n",
        )
        .file("src/main/java/shop/Prices.kt", "package shop\n\nfun cents(p: Double): Int = (p * 100).toInt()\n")
        .file(
            "src/test/java/shop/ReaderTest.java",
            "package shop;\n\nimport org.junit.Test;\nimport shop.internal.Util;\n\npublic final class ReaderTest {\n    @Test\n    public void peeks() {\n        Reader.of(Util.canonicalize(\" a \")).peek();\n        PricesKt.cents(1.5);\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let reader = p.module("src/main/java/shop/Reader.kt");
    assert_eq!(
        reader["direct_tests"],
        json!(["src/test/java/shop/ReaderTest.java"]),
        "a Java test of a Kotlin class: {reader}"
    );
    let util = p.module("src/main/java/shop/internal/Util.kt");
    assert_eq!(
        symbols(&util),
        [("canonicalize".into(), true), ("unused".into(), false)],
        "Util is the file's @file:JvmName: {util}"
    );
    assert_eq!(
        p.module("src/main/java/shop/Prices.kt")["status"],
        "tested",
        "PricesKt is the file's facade"
    );
    let utf8 = p.module("src/main/java/shop/-Utf8Reader.kt");
    assert_eq!(
        (utf8["status"].clone(), utf8["indirect_via"].clone()),
        (json!("indirect"), json!(["src/main/java/shop/Reader.kt"])),
        "a backquoted name in code is a name: {utf8}"
    );
}

#[test]
fn a_module_of_programs_is_examples_and_an_included_plugin_build_is_a_tool() {
    let program = |name: &str| {
        format!("package samples\n\nfun main() {{\n    println(\"{name}\")\n}}\n\nfun {name}Step(): Int = 1\n")
    };
    let tree = Tree::new()
        .file(
            "settings.gradle.kts",
            "includeBuild(\"build-support\")\ninclude(\":lib\", \":samples\", \":cli\")\n",
        )
        .file(
            "build-support/build.gradle.kts",
            "plugins {\n  `kotlin-dsl`\n}\n",
        )
        .file(
            "build-support/src/main/kotlin/Platforms.kt",
            "fun platforms(): List<String> = listOf(\"jvm\")\n",
        )
        .file(
            "samples/build.gradle.kts",
            "dependencies {\n  implementation(projects.lib)\n}\n",
        )
        .file("samples/src/main/kotlin/samples/Hash.kt", &program("hash"))
        .file("samples/src/main/kotlin/samples/Tee.kt", &program("tee"))
        .file("samples/src/main/kotlin/samples/Copy.kt", &program("copy"))
        .file(
            "samples/src/main/kotlin/samples/Shared.kt",
            "package samples\n\nfun shared(): Int = 1\n",
        )
        .file(
            "cli/build.gradle.kts",
            "dependencies {\n  implementation(projects.lib)\n}\n",
        )
        .file(
            "cli/src/main/kotlin/cli/Main.kt",
            &program("cli").replace("package samples", "package cli"),
        )
        .file(
            "cli/src/main/kotlin/cli/Args.kt",
            "package cli\n\nfun parse(a: Array<String>): Int = a.size\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(
        module_paths(&doc),
        [
            "cli/src/main/kotlin/cli/Args.kt",
            "cli/src/main/kotlin/cli/Main.kt"
        ],
        "one program among other code is an application"
    );
    let excluded: Vec<(&str, &str, &str)> = doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
                e["detail"].as_str().unwrap(),
            )
        })
        .collect();
    let samples = "module samples: 3 of its 4 source files are programs with a main";
    assert_eq!(
        excluded,
        [
            (
                "build-support/src/main/kotlin/Platforms.kt",
                "tool",
                "module build-support/build.gradle.kts builds Gradle plugins for this build"
            ),
            (
                "samples/src/main/kotlin/samples/Copy.kt",
                "example",
                samples
            ),
            (
                "samples/src/main/kotlin/samples/Hash.kt",
                "example",
                samples
            ),
            (
                "samples/src/main/kotlin/samples/Shared.kt",
                "example",
                samples
            ),
            ("samples/src/main/kotlin/samples/Tee.kt", "example", samples),
        ]
    );
}

#[test]
fn spring_component_scanning_reaches_components_from_a_spring_boot_test() {
    let tree = Tree::new()
        .file("pom.xml", "<project><artifactId>clinic</artifactId></project>\n")
        .file(
            "src/main/java/org/clinic/ClinicApplication.java",
            "package org.clinic;\n\n@SpringBootApplication\npublic class ClinicApplication {\n    public static void main(String[] args) {}\n}\n",
        )
        .file(
            "src/main/java/org/clinic/system/WelcomeController.java",
            "package org.clinic.system;\n\n@Controller\nclass WelcomeController {\n    @GetMapping(\"/\")\n    public String welcome() { return \"welcome\"; }\n}\n",
        )
        .file(
            "src/main/java/org/clinic/system/Clock.java",
            "package org.clinic.system;\n\npublic class Clock {\n    public long now() { return 0; }\n}\n",
        )
        .file(
            "src/main/java/other/Elsewhere.java",
            "package other;\n\n@Service\npublic class Elsewhere {\n    public void run() {}\n}\n",
        )
        .file(
            "src/test/java/org/clinic/ClinicIntegrationTests.java",
            "package org.clinic;\n\n@SpringBootTest(webEnvironment = RANDOM_PORT)\nclass ClinicIntegrationTests {\n    @Test\n    void starts() {}\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let app = p.module("src/main/java/org/clinic/ClinicApplication.java");
    assert_eq!(
        app["evidence"],
        json!([{"test": "src/test/java/org/clinic/ClinicIntegrationTests.java", "line": 3, "kind": "by_name", "detail": "@SpringBootTest"}])
    );
    let welcome = p.module("src/main/java/org/clinic/system/WelcomeController.java");
    assert_eq!(
        (welcome["status"].clone(), welcome["indirect_via"].clone()),
        (
            json!("indirect"),
            json!(["src/main/java/org/clinic/ClinicApplication.java"])
        ),
        "component scanning loads it: {welcome}"
    );
    assert_eq!(
        p.module("src/main/java/org/clinic/system/Clock.java")["status"],
        "untested",
        "not a component"
    );
    assert_eq!(
        p.module("src/main/java/other/Elsewhere.java")["status"],
        "untested",
        "outside the application's packages"
    );
}

#[test]
fn a_folder_of_programs_inside_a_library_is_examples() {
    let program = |name: &str| {
        format!("package org.soup.examples;\n\npublic class {name} {{\n    public static void main(String[] args) {{}}\n}}\n")
    };
    let mut tree = Tree::new().file(
        "pom.xml",
        "<project><artifactId>soup</artifactId></project>\n",
    );
    for name in ["Parser", "Node", "Printer", "Cleaner"] {
        tree = tree.file(
            &format!("src/main/java/org/soup/{name}.java"),
            &format!(
                "package org.soup;\n\npublic class {name} {{\n    public void run() {{}}\n}}\n"
            ),
        );
    }
    for name in ["ListLinks", "Wikipedia", "ToText"] {
        tree = tree.file(
            &format!("src/main/java/org/soup/examples/{name}.java"),
            &program(name),
        );
    }
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(module_paths(&doc).len(), 4, "the library stays");
    let detail =
        "folder src/main/java/org/soup/examples: 3 of its 3 source files are programs with a main";
    assert_eq!(
        doc["excluded"],
        json!([
            {"path": "src/main/java/org/soup/examples/ListLinks.java", "reason": "example", "detail": detail},
            {"path": "src/main/java/org/soup/examples/ToText.java", "reason": "example", "detail": detail},
            {"path": "src/main/java/org/soup/examples/Wikipedia.java", "reason": "example", "detail": detail}
        ])
    );
}

#[test]
fn a_module_the_others_use_only_in_tests_is_test_support() {
    let tree = Tree::new()
        .file("settings.gradle.kts", "include(\":core\", \":testing-support\")\n")
        .file("core/build.gradle.kts", "dependencies {\n  api(libs.okio)\n  testImplementation(projects.testingSupport)\n}\n")
        .file("core/src/main/kotlin/core/Client.kt", "package core\n\nclass Client {\n    fun call(): Int = 1\n}\n")
        .file(
            "core/src/test/kotlin/core/ClientTest.kt",
            "package core\n\nimport kotlin.test.Test\nimport support.FakeServer\n\nclass ClientTest {\n    @Test\n    fun calls() {\n        FakeServer().serve(Client())\n    }\n}\n",
        )
        .file("tls/build.gradle.kts", "dependencies {\n  api(projects.core)\n  testImplementation(projects.testingSupport)\n}\n")
        .file("tls/src/main/kotlin/tls/Tls.kt", "package tls\n\nfun handshake(): Int = 1\n")
        .file("testing-support/build.gradle.kts", "dependencies {\n  api(project(\":core\"))\n  api(libs.bouncycastle)\n}\n")
        .file("testing-support/src/main/kotlin/support/FakeServer.kt", "package support\n\nclass FakeServer {\n    fun serve(c: core.Client): Int = c.call()\n}\n");
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(
        module_paths(&doc),
        [
            "core/src/main/kotlin/core/Client.kt",
            "tls/src/main/kotlin/tls/Tls.kt"
        ]
    );
    assert_eq!(
        doc["excluded"],
        json!([{"path": "testing-support/src/main/kotlin/support/FakeServer.kt", "reason": "test_support", "detail": "module testing-support/build.gradle.kts is a dependency of the tests of other modules only (core/build.gradle.kts, tls/build.gradle.kts)"}])
    );
    assert_eq!(
        p.module("core/src/main/kotlin/core/Client.kt")["direct_tests"],
        json!(["core/src/test/kotlin/core/ClientTest.kt"])
    );
}

#[test]
fn a_module_used_in_tests_and_by_examples_only_is_test_support_but_not_when_product_uses_it() {
    let tree = |product_user: bool| {
        let program = |name: &str| {
            format!("package guide\n\nimport support.FakeServer\n\nfun main() {{\n    FakeServer().serve(\"{name}\")\n}}\n")
        };
        let mut t = Tree::new()
            .file("settings.gradle.kts", "include(\":core\", \":tls\", \":testing-support\", \":samples:guide\")\n")
            .file("core/build.gradle.kts", "dependencies {\n  testImplementation(projects.testingSupport)\n}\n")
            .file("core/src/main/kotlin/core/Client.kt", "package core\n\nclass Client {\n    fun call(): Int = 1\n}\n")
            .file("tls/build.gradle.kts", "dependencies {\n  testImplementation(projects.testingSupport)\n}\n")
            .file("tls/src/main/kotlin/tls/Tls.kt", "package tls\n\nfun handshake(): Int = 1\n")
            .file("testing-support/build.gradle.kts", "dependencies {\n  api(libs.bouncycastle)\n}\n")
            .file("testing-support/src/main/kotlin/support/FakeServer.kt", "package support\n\nclass FakeServer {\n    fun serve(name: String): Int = name.length\n}\n")
            .file("samples/guide/build.gradle.kts", "dependencies {\n  implementation(projects.testingSupport)\n}\n");
        for name in ["Hello", "Post", "Cache"] {
            t = t.file(
                &format!("samples/guide/src/main/kotlin/guide/{name}.kt"),
                &program(name),
            );
        }
        if product_user {
            t = t
                .file(
                    "app/build.gradle.kts",
                    "dependencies {\n  implementation(projects.testingSupport)\n}\n",
                )
                .file(
                    "app/src/main/kotlin/app/Main.kt",
                    "package app\n\nfun serveAll(): Int = support.FakeServer().serve(\"app\")\n",
                );
        }
        t
    };
    let t = tree(false);
    let doc = pipeline(t.path(), &["--format", "json"]).json();
    assert!(
        !module_paths(&doc)
            .iter()
            .any(|p| p.starts_with("testing-support/")),
        "{:?}",
        module_paths(&doc)
    );
    let support: Vec<&serde_json::Value> = doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "test_support")
        .collect();
    assert_eq!(
        support,
        [
            &json!({"path": "testing-support/src/main/kotlin/support/FakeServer.kt", "reason": "test_support", "detail": "module testing-support/build.gradle.kts is a dependency of the tests of other modules (core/build.gradle.kts, tls/build.gradle.kts) and of examples (samples/guide) only"})
        ]
    );
    // A product module using it in its main code keeps it product code.
    let t = tree(true);
    let doc = pipeline(t.path(), &["--format", "json"]).json();
    assert!(module_paths(&doc)
        .contains(&"testing-support/src/main/kotlin/support/FakeServer.kt".to_string()));
    assert!(doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["reason"] != "test_support"));
}

#[test]
fn generated_sources_under_build_and_target_are_excluded_and_not_ranked() {
    let class = |pkg: &str, name: &str| {
        format!("package {pkg};\n\npublic final class {name} {{\n    public int get() {{ return 1; }}\n}}\n")
    };
    let tree = Tree::new()
        .file("settings.gradle.kts", "include(\":app\", \":lib\")\n")
        // `lib` has no build file of its own: the root configures it, so its `build/` is not pruned as the
        // output of a build file beside it, and its generated sources reach the reader.
        .file("build.gradle.kts", "subprojects {\n  dependencies {\n    testImplementation(\"junit:junit:4.13.2\")\n  }\n}\n")
        .file("app/build.gradle.kts", "plugins { id(\"com.google.devtools.ksp\") }\n")
        .file("app/src/main/java/shop/App.java", &class("shop", "App"))
        .file("app/build/generated/source/kapt/main/shop/App_Factory.java", &class("shop", "App_Factory"))
        .file("lib/src/main/java/shop/Lib.java", &class("shop", "Lib"))
        .file("lib/build/generated/source/annotationProcessor/main/java/shop/Lib_Factory.java", &class("shop", "Lib_Factory"))
        .file("lib/build/generated/ksp/main/kotlin/shop/LibModule.kt", "package shop\n\nobject LibModule {\n    fun provide(): Lib = Lib()\n}\n")
        .file("svc/pom.xml", "<project>\n  <artifactId>svc</artifactId>\n</project>\n")
        .file("svc/src/main/java/shop/Svc.java", &class("shop", "Svc"))
        .file("svc/target/generated-sources/annotations/shop/Svc_.java", &class("shop", "Svc_"))
        .file(
            "lib/src/test/java/shop/LibTest.java",
            "package shop;\n\nimport org.junit.Test;\n\npublic class LibTest {\n    @Test\n    public void builds() {\n        new Lib().get();\n        new Lib_Factory().get();\n        LibModule.INSTANCE.provide().get();\n        new App_Factory().get();\n    }\n}\n",
        );
    let p = pipeline(tree.path(), &["--format", "json"]);
    let doc = p.json();
    assert_eq!(
        doc["excluded"],
        json!([
            {"path": "app/build/", "reason": "build_output"},
            {"path": "lib/build/generated/ksp/main/kotlin/shop/LibModule.kt", "reason": "generated", "detail": "in build/generated/"},
            {"path": "lib/build/generated/source/annotationProcessor/main/java/shop/Lib_Factory.java", "reason": "generated", "detail": "in build/generated/"},
            {"path": "svc/target/", "reason": "build_output"}
        ]),
        "generated sources are not product code, even where a test uses them"
    );
    assert_eq!(
        module_paths(&doc),
        [
            "app/src/main/java/shop/App.java",
            "lib/src/main/java/shop/Lib.java",
            "svc/src/main/java/shop/Svc.java"
        ],
        "only the hand-written sources are ranked"
    );
    for m in doc["modules"].as_array().unwrap() {
        assert!(m["priority"].is_string(), "{m}");
    }
    assert_eq!(
        p.module("lib/src/main/java/shop/Lib.java")["status"],
        "tested"
    );
}
