//! The matching rules between a URL a test calls and the routes a tree declares (docs/schema.md, "HTTP
//! evidence"): scheme, host, query and fragment dropped; empty segments (a trailing slash) ignored; a
//! placeholder on either side matches one segment (a path converter the rest of the path); a route whose
//! prefix gap cannot evaluate matches the end of the URL; the method counts when both sides give one. Of the
//! routes that match, those with the most literal segments in common win; only a single winner is credited.

/// One path segment of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// Literal text.
    Lit(String),
    /// A placeholder: any one segment.
    Any,
    /// A path converter (`{p:path}`, `<path:p>`, `*`): one segment or more, up to the end.
    Rest,
}

/// A URL path as segments; `open` when something gap could not evaluate comes before them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pattern {
    /// The segments, empty ones dropped.
    pub segs: Vec<Seg>,
    /// An unknown prefix comes first.
    pub open: bool,
}

/// Stands for a placeholder inside pattern text.
pub const HOLE: char = '\u{0}';

impl Pattern {
    /// The pattern of a URL as a test writes it: `text` with [`HOLE`]s where placeholders were.
    pub fn of_url(text: &str) -> Pattern {
        let mut t = text.trim();
        for scheme in ["http://", "https://", "ws://", "wss://"] {
            if let Some(rest) = t.strip_prefix(scheme) {
                t = rest.find('/').map_or("", |i| &rest[i..]);
            }
        }
        let t = t.split(['?', '#']).next().unwrap_or(t);
        Pattern {
            segs: t
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if s.contains(HOLE) {
                        Seg::Any
                    } else {
                        Seg::Lit(s.to_string())
                    }
                })
                .collect(),
            open: false,
        }
    }

    /// The pattern of a route as a framework declares it: `{id}`, `{id:int}`, `<id>`, `<int:id>`, `:id`
    /// placeholders; `{p:path}`, `<path:p>`, `*` and `*rest` path converters.
    pub fn of_route(text: &str) -> Pattern {
        let mut p = Pattern::of_url(text);
        for s in &mut p.segs {
            if let Seg::Lit(l) = s {
                let rest = l == "*"
                    || l.starts_with("*")
                    || l.ends_with(":path}")
                    || l.starts_with("<path:")
                    || l.starts_with("{*");
                let any = (l.starts_with('{') && l.ends_with('}'))
                    || (l.starts_with('<') && l.ends_with('>'))
                    || l.starts_with(':')
                    || l.contains('{')
                    || l.contains('<');
                if rest {
                    *s = Seg::Rest;
                } else if any {
                    *s = Seg::Any;
                }
            }
        }
        p
    }

    /// The pattern of a Django `re_path` regular expression: `^`, `$` and escapes dropped, each group a
    /// placeholder segment.
    pub fn of_regex(text: &str) -> Pattern {
        let mut out = String::new();
        let mut depth = 0;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '(' => {
                    if depth == 0 {
                        out.push(HOLE);
                    }
                    depth += 1;
                }
                ')' => depth -= 1,
                '\\' if depth == 0 => {
                    if let Some(n) = chars.next() {
                        if !n.is_ascii_alphanumeric() {
                            out.push(n);
                        } else {
                            out.push(HOLE);
                        }
                    }
                }
                '^' | '$' | '?' if depth == 0 => {}
                '[' | '.' | '*' | '+' if depth == 0 => out.push(HOLE),
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        Pattern::of_url(&out)
    }

    /// `self` followed by `rest`.
    pub fn join(&self, rest: &Pattern) -> Pattern {
        let mut segs = self.segs.clone();
        segs.extend(rest.segs.iter().cloned());
        Pattern {
            segs,
            open: self.open || (rest.open && self.segs.is_empty()),
        }
    }

    /// `/a/{}/c` as the document's details show it; `…` in front of an open pattern.
    pub fn show(&self) -> String {
        let mut s = String::new();
        if self.open {
            s.push('…');
        }
        for seg in &self.segs {
            s.push('/');
            match seg {
                Seg::Lit(l) => s.push_str(l),
                Seg::Any => s.push_str("{}"),
                Seg::Rest => s.push_str("{…}"),
            }
        }
        if s.is_empty() || s == "…" {
            s.push('/');
        }
        s
    }
}

/// How well a call matches a route: `None` for no match; else the number of literal segments they share,
/// more when the route's whole path was known (anchored).
pub fn score(call: &Pattern, route: &Pattern) -> Option<(bool, usize)> {
    let anchored = !call.open && !route.open;
    let (c, r) = (&call.segs, &route.segs);
    // Align a route ending in a path converter, or an open side, at the end.
    let rest = matches!(r.last(), Some(Seg::Rest));
    let fixed = if rest { r.len() - 1 } else { r.len() };
    let (cs, rs): (&[Seg], &[Seg]) = if anchored {
        if rest {
            if c.len() < r.len() {
                return None;
            }
            (&c[..fixed], &r[..fixed])
        } else {
            if c.len() != r.len() {
                return None;
            }
            (c, r)
        }
    } else if rest {
        // An open pattern with a path converter: the literal segments before it must appear in order.
        return None;
    } else {
        let n = c.len().min(r.len());
        if n == 0
            || (route.open && c.len() < r.len())
            || (call.open && !route.open && r.len() < c.len())
        {
            return None;
        }
        (&c[c.len() - n..], &r[r.len() - n..])
    };
    let mut literal = 0;
    for (a, b) in cs.iter().zip(rs) {
        match (a, b) {
            (Seg::Lit(x), Seg::Lit(y)) if x == y => literal += 1,
            (Seg::Lit(_), Seg::Lit(_)) => return None,
            _ => {}
        }
    }
    // Matched by its end, a URL must share a literal segment with the route (not only placeholders).
    if !anchored && literal == 0 {
        return None;
    }
    Some((anchored, literal))
}

/// True when the methods a call and a route give agree: either side gives none, or they share one (a GET
/// route answers HEAD too).
pub fn methods_agree(call: Option<&str>, route: &[String]) -> bool {
    match call {
        None => true,
        Some(_) if route.is_empty() => true,
        Some(m) => route
            .iter()
            .any(|r| r.eq_ignore_ascii_case(m) || (m == "HEAD" && r == "GET")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Pattern {
        Pattern::of_url(&s.replace('#', &HOLE.to_string()))
    }

    #[test]
    fn urls_lose_scheme_host_query_and_trailing_slash() {
        assert_eq!(
            Pattern::of_url("http://testserver/api/items/?page=2"),
            Pattern::of_url("/api/items")
        );
        assert_eq!(url("/items/#/x").show(), "/items/{}/x");
        assert_eq!(Pattern::of_url("").show(), "/");
    }

    #[test]
    fn route_placeholders_of_every_framework() {
        for r in [
            "/items/{id}",
            "/items/<int:id>",
            "/items/:id",
            "/items/{id:int}",
        ] {
            assert_eq!(Pattern::of_route(r).show(), "/items/{}", "{r}");
        }
        assert_eq!(Pattern::of_route("/files/{p:path}").show(), "/files/{…}");
        assert_eq!(
            Pattern::of_regex(r"^sites/(?P<pk>\d+)/edit/$").show(),
            "/sites/{}/edit"
        );
    }

    #[test]
    fn placeholders_match_one_segment_and_literals_must_agree() {
        let route = Pattern::of_route("/api/v1/items/{id}");
        assert_eq!(score(&url("/api/v1/items/42/"), &route), Some((true, 3)));
        assert_eq!(score(&url("/api/v1/items/#"), &route), Some((true, 3)));
        assert_eq!(score(&url("/api/v1/items/4/x"), &route), None);
        assert_eq!(score(&url("/api/v1/users/4"), &route), None);
        let me = Pattern::of_route("/api/v1/items/me");
        assert_eq!(score(&url("/api/v1/items/me"), &me), Some((true, 4)));
        let files = Pattern::of_route("/files/{p:path}");
        assert_eq!(score(&url("/files/a/b/c"), &files), Some((true, 1)));
        assert_eq!(score(&url("/files"), &files), None);
    }

    #[test]
    fn an_unknown_prefix_matches_the_end_of_the_url() {
        let mut route = Pattern::of_route("/auth/login");
        route.open = true;
        assert_eq!(score(&url("/api/v1/auth/login"), &route), Some((false, 2)));
        assert_eq!(score(&url("/login"), &route), None);
        let mut detail = Pattern::of_route("/racks/{pk}");
        detail.open = true;
        let mut query = url("/&status=planned");
        query.open = true;
        assert_eq!(
            score(&query, &detail),
            None,
            "placeholders alone do not match an end"
        );
    }

    #[test]
    fn methods_count_when_both_sides_give_one() {
        assert!(methods_agree(Some("GET"), &["GET".into()]));
        assert!(!methods_agree(Some("POST"), &["GET".into()]));
        assert!(methods_agree(None, &["GET".into()]));
        assert!(methods_agree(Some("DELETE"), &[]));
        assert!(methods_agree(Some("HEAD"), &["GET".into()]));
    }
}
