//! What one test or support file calls: URLs through a test client (`client.get("/x")`,
//! `request(app).get(`/x/${id}`)`), route names (`reverse("ns:name")`, `url_for("bp.view")`), and the app
//! a test client is built from (`TestClient(app)` in a fixture).

use super::declare::{assigned_to, consts, plain};
use super::syntax::{call_at, Call, Expr, Kind, Part, Syntax, Tok};
use super::table;

/// A call of a URL: `client.get(f"/items/{id}")`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UrlCall {
    /// The HTTP method, when the call gives it.
    #[serde(with = "crate::codec::opt_static_str")]
    pub method: Option<crate::codec::StaticStr>,
    /// The URL as written (a string, or a call naming a route).
    pub url: Expr,
    /// 1-based line.
    pub line: u32,
}

/// A route named: `reverse("dcim:site_list")`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameCall {
    /// The HTTP method of the client call it is the URL of, if any.
    #[serde(with = "crate::codec::opt_static_str")]
    pub method: Option<crate::codec::StaticStr>,
    /// The route name as written.
    pub name: String,
    /// 1-based line.
    pub line: u32,
}

/// A test client built from an app: `TestClient(app)` inside fixture `client`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClientOf {
    /// The app, as dotted names.
    pub app: Vec<String>,
    /// The function it is built in (a fixture), if any.
    pub function: Option<String>,
    /// 1-based line.
    pub line: u32,
}

/// What a file calls.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Called {
    /// URLs called.
    pub urls: Vec<UrlCall>,
    /// Routes named.
    pub names: Vec<NameCall>,
    /// Test clients built from an app.
    pub clients: Vec<ClientOf>,
}

/// True when `e` can be a URL: a string starting with `/` or a scheme, or with a placeholder (a base URL
/// or constant), or a call naming a route.
fn url_like(e: &Expr, syntax: Syntax) -> bool {
    match e {
        Expr::Str(parts) => match parts.first() {
            Some(Part::Text(t)) => {
                t.starts_with('/') || t.starts_with("http://") || t.starts_with("https://")
            }
            // A base URL, then a path: `f"{base}/items/{id}"` (not `f"{url}&page=2"`).
            Some(Part::Expr(x)) => {
                !x.is_empty() && matches!(parts.get(1), Some(Part::Text(t)) if t.starts_with('/'))
            }
            None => false,
        },
        Expr::Call(c) => by_name(c, syntax).is_some(),
        _ => false,
    }
}

/// The route name a call names, when it is one of the URL-by-name calls.
fn by_name(c: &Call, syntax: Syntax) -> Option<String> {
    table::URL_BY_NAME
        .iter()
        .any(|(n, s)| *n == c.name() && *s == syntax && c.callee.len() <= 2)
        .then(|| c.positional(0).and_then(plain))
        .flatten()
}

/// The name of the function the token at `at` is in: the last `def NAME` (or `function NAME`) before it.
fn enclosing(toks: &[Tok], at: usize) -> Option<String> {
    (1..at)
        .rev()
        .find(|&j| {
            (toks[j - 1].is_name("def") || toks[j - 1].is_name("function"))
                && toks[j].kind == Kind::Name
        })
        .map(|j| toks[j].text.to_string())
}

/// What the file `toks` calls; `sites` are its calls, `clients` more names of client calls (gap.toml).
pub fn read(toks: &[Tok], syntax: Syntax, sites: &[(usize, usize)], clients: &[String]) -> Called {
    let mut out = Called::default();
    // `url = reverse(...)` / `url = f"/x/{id}"`: the latest value of each name, by line.
    let mut bound: Vec<(&str, u32, Expr)> = consts(toks, syntax);
    for &(start, open) in sites {
        let call = call_at(toks, start, open, syntax);
        let name = call.name();
        if let Some(route) = by_name(&call, syntax) {
            if let Some(var) = assigned_to(toks, start) {
                bound.push((var, call.line, Expr::Call(Box::new(call.clone()))));
                bound.sort_by_key(|b| b.1);
            }
            out.names.push(NameCall {
                method: None,
                name: route,
                line: call.line,
            });
            continue;
        }
        if table::CLIENT_OF_APP
            .iter()
            .any(|(n, s)| *n == name && *s == syntax)
        {
            let app = call
                .positional(0)
                .or_else(|| call.keyword("app"))
                .or_else(|| call.keyword("transport"));
            if let Some(Expr::Name(app)) = app {
                out.clients.push(ClientOf {
                    app: app.clone(),
                    function: enclosing(toks, start),
                    line: call.line,
                });
            }
            continue;
        }
        if name == "test_client" && call.callee.len() >= 2 {
            out.clients.push(ClientOf {
                app: call.callee[..call.callee.len() - 1].to_vec(),
                function: enclosing(toks, start),
                line: call.line,
            });
            continue;
        }
        let verb = table::VERBS.iter().any(|(v, _)| *v == name) && call.callee.len() >= 2;
        let listed = clients.iter().any(|c| c == name);
        if !verb && !listed {
            continue;
        }
        let Some(mut url) = call
            .positional(0)
            .or_else(|| call.keyword("url"))
            .or_else(|| call.keyword("path"))
            .cloned()
        else {
            continue;
        };
        if let Expr::Name(n) = &url {
            if let [var] = n.as_slice() {
                if let Some((_, _, value)) = bound
                    .iter()
                    .rev()
                    .find(|(b, line, _)| b == var && *line <= call.line)
                {
                    url = value.clone();
                }
            }
        }
        if !url_like(&url, syntax) {
            continue;
        }
        let method = table::verb_of(name);
        if let Expr::Call(c) = &url {
            if let Some(route) = by_name(c, syntax) {
                out.names.push(NameCall {
                    method,
                    name: route,
                    line: call.line,
                });
            }
            continue;
        }
        out.urls.push(UrlCall {
            method,
            url,
            line: call.line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::declare::calls;
    use super::super::syntax::tokens;
    use super::*;

    fn called(src: &str, syntax: Syntax) -> Called {
        let toks = tokens(src, syntax);
        let sites = calls(&toks, syntax);
        read(&toks, syntax, &sites, &["api_get".to_string()])
    }

    #[test]
    fn client_calls_names_and_apps() {
        let c = called(
            "def test_me(client):\n    r = client.get(f\"{settings.API_V1_STR}/users/me\")\n    client.post('/items/%s' % 3)\n    d.get('key')\n    url = reverse('dcim:site_list')\n    self.client.get(url)\n    api_get('/x')\n\n@pytest.fixture\ndef client():\n    with TestClient(app) as c:\n        yield c\n",
            Syntax::Python,
        );
        let urls: Vec<(Option<&str>, u32)> = c.urls.iter().map(|u| (u.method, u.line)).collect();
        assert_eq!(
            urls,
            [(Some("GET"), 2), (Some("POST"), 3), (Some("GET"), 7)]
        );
        let names: Vec<(&str, Option<&str>, u32)> = c
            .names
            .iter()
            .map(|n| (n.name.as_str(), n.method, n.line))
            .collect();
        assert_eq!(
            names,
            [
                ("dcim:site_list", None, 5),
                ("dcim:site_list", Some("GET"), 6)
            ]
        );
        assert_eq!(
            c.clients,
            [ClientOf {
                app: vec!["app".into()],
                function: Some("client".into()),
                line: 11
            }]
        );
    }

    #[test]
    fn supertest_and_template_literals() {
        let c = called(
            "it('x', async () => {\n  await request(app).get(`/api/articles/${slug}`).expect(200);\n  map.get(key);\n});\n",
            Syntax::Js,
        );
        assert_eq!(c.urls.len(), 1);
        assert_eq!(c.urls[0].method, Some("GET"));
        assert_eq!(c.clients.len(), 1);
    }
}
