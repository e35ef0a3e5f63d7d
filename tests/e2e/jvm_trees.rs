//! Java and Kotlin trees through the whole pipeline: Maven/Gradle layouts, imports and same-package use.

use crate::support::{pipeline, symbols, Tree};
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
