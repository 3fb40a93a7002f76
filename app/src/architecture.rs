//! The house's arrows, checked on every test run (`../shared/ARCHITECTURE.md`): this reads the
//! `crate::`, `super::` and `self::` paths of every file in `app/src`, fails on any circle of
//! modules (printing it), and on any import from a module of a lower layer to one of a higher
//! layer in `LAYERS` (modules the table does not name are not checked as importers).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
/// Lower layers first. A module may import its own layer and the layers before it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "kernel",
        &[
            "ids",
            "db",
            "clock",
            "secrets",
            "text",
            "error",
            "i18n",
            "i18n::*",
            "request",
            "assets",
            "locale",
            "flash",
            "server",
            "mail_html",
        ],
    ),
    (
        "domain",
        &[
            "features::*::types",
            "features::*::rules",
            "features::registration::seats",
            "features::registration::questions",
            "features::registration::form",
            "features::checkin::decide",
            "features::checkin::lists",
            "features::calendar::ics",
            "features::calendar::links",
            "features::tickets::code",
            "features::tickets::qr",
            "features::documents::sniff",
            "features::announcements::markdown",
            "features::registration::csv",
            "features::registration::sheet",
            "features::privacy::rules",
            "features::reports::suppress",
            "features::reports::tables",
            "features::reports::charts",
            "features::reports::build",
            "features::reports::joint",
            "features::reports::snapshot",
            "features::messages::rules",
            "features::registration::invitation_states",
            "features::registration::import",
            "features::registration::partner",
        ],
    ),
    (
        "stores",
        &[
            // Every `store` and `*_store` module of a feature.
            "features::*store",
            "features::registration::records",
            "features::registration::mail",
            "features::registration::write",
            "features::registration::outbox",
            "features::accounts::store",
            "features::accounts::teams",
            "features::accounts::access_log",
            "features::forums::notices",
            "features::registration::consents",
            "store::records",
            "store::sql",
        ],
    ),
    (
        "composition",
        &[
            "store",
            "store::*",
            "state",
            "mail",
            "features::checkin::cache",
            // PostgreSQL's batch writer runs inside the backend's transaction (`PgStore`).
            "features::registration::batch",
        ],
    ),
    (
        "services",
        &[
            "features::*::service",
            "features::accounts::policy",
            "features::accounts::guard",
            "features::accounts::auth",
            "features::forums::content",
            // Views of stored sessions in the forum's zone.
            "features::forums::time",
            "features::checkin::ssr",
            "features::tickets::ssr",
            "features::registration::mailer",
        ],
    ),
];

/// Imports that go up a layer on purpose, with the reason.
const EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "features::checkin::cache",
    "features::forums::content",
    "the state keeps the door's cache of group names; it fills itself through the one lookup \
     that localises stakeholder groups, instead of a second copy of it",
)];

fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod") | Some("lib")) {
        parts.pop();
    }
    parts.join("::")
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths a source names: `crate::a::b`, `super::x`, and each item of `crate::a::{b, c}`.
fn paths(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_path = ["crate::", "super::", "self::"]
            .iter()
            .any(|p| chars[i..].iter().take(p.len()).copied().eq(p.chars()));
        if !starts_path || (i > 0 && (is_ident(chars[i - 1]) || chars[i - 1] == '$')) {
            i += 1;
            continue;
        }
        let mut segments = Vec::new();
        loop {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            if i == start {
                break;
            }
            segments.push(chars[start..i].iter().collect::<String>());
            if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
                i += 2;
            } else {
                break;
            }
        }
        let base = segments.join("::");
        if chars.get(i) == Some(&'{') {
            let close = chars[i..].iter().position(|c| *c == '}').map(|p| i + p);
            if let Some(close) = close {
                let inner: String = chars[i + 1..close].iter().collect();
                for item in inner.split(',') {
                    let first: String = item.trim().chars().take_while(|c| is_ident(*c)).collect();
                    if !first.is_empty() && first != "self" {
                        found.push(format!("{base}::{first}"));
                    }
                }
                i = close;
            }
        }
        found.push(base.trim_end_matches("::").to_string());
    }
    found
}

/// The module a path names: the longest module prefix of where it points.
fn resolve(path: &str, current: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = Vec::new();
    match segments.first().copied() {
        Some("crate") => {
            segments.remove(0);
        }
        Some("super") | Some("self") => {
            base = current.split("::").filter(|s| !s.is_empty()).collect();
            if segments[0] == "super" {
                base.pop();
            }
            segments.remove(0);
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        _ => return None,
    }
    (0..=segments.len()).rev().find_map(|n| {
        let candidate = base
            .iter()
            .chain(&segments[..n])
            .copied()
            .collect::<Vec<_>>()
            .join("::");
        modules.contains(&candidate).then_some(candidate)
    })
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    let by_module: BTreeMap<String, std::path::PathBuf> =
        all.into_iter().map(|f| (module_of(&root, &f), f)).collect();
    let modules: BTreeSet<String> = by_module.keys().cloned().collect();
    by_module
        .iter()
        .map(|(module, file)| {
            let source = std::fs::read_to_string(file).unwrap_or_default();
            let targets = paths(&source)
                .iter()
                .filter_map(|p| resolve(p, module, &modules))
                .filter(|t| !t.is_empty() && t != module && !module.starts_with(&format!("{t}::")))
                .collect();
            (module.clone(), targets)
        })
        .collect()
}

/// Circles of more than one module (Tarjan's strongly connected components).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

fn matches(pattern: &str, module: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == module,
        Some((head, tail)) => {
            module.len() >= head.len() + tail.len()
                && module.starts_with(head)
                && module.ends_with(tail)
        }
    }
}

fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, patterns)| patterns.iter().any(|p| matches(p, module)))
}

#[test]
fn no_module_imports_in_a_circle() {
    let graph = graph();
    assert!(graph.len() > 100, "read {} modules", graph.len());
    let found = circles(&graph);
    for circle in &found {
        eprintln!("import circle of {} modules:", circle.len());
        for m in circle {
            let inside: Vec<&String> = graph[m].iter().filter(|t| circle.contains(t)).collect();
            eprintln!("  {m} -> {inside:?}");
        }
    }
    assert!(
        found.is_empty(),
        "{} import circles in app/src",
        found.len()
    );
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, targets) in &graph {
        let Some(own) = layer(module) else { continue };
        for target in targets {
            let theirs = layer(target).unwrap_or(LAYERS.len());
            let excused = EXCEPTIONS
                .iter()
                .any(|(f, t, _)| f == module && t == target);
            if theirs > own && !excused {
                let name = LAYERS.get(theirs).map_or("services and pages", |l| l.0);
                wrong.push(format!(
                    "{module} ({}) imports {target} ({name})",
                    LAYERS[own].0
                ));
            }
        }
    }
    for w in &wrong {
        eprintln!("{w}");
    }
    assert!(wrong.is_empty(), "{} imports go up a layer", wrong.len());
}

#[test]
fn the_reader_finds_paths_and_resolves_them() {
    let source = "use crate::store::{records::ForumRecord, Store};\nuse super::types::X; // crate::ignored\nlet y = self::z::f();";
    let found = paths(source);
    assert!(
        found.contains(&"crate::store::records".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"crate::store::Store".to_string()),
        "{found:?}"
    );
    assert!(found.contains(&"super::types::X".to_string()), "{found:?}");
    assert!(!found.iter().any(|p| p.contains("ignored")), "{found:?}");
    let modules: BTreeSet<String> = [
        "store",
        "store::records",
        "features::a",
        "features::a::types",
    ]
    .map(String::from)
    .into();
    let at = "features::a::pages";
    assert_eq!(
        resolve("super::types::X", at, &modules).as_deref(),
        Some("features::a::types")
    );
    assert_eq!(
        resolve("crate::store::records::R", at, &modules).as_deref(),
        Some("store::records")
    );
    assert_eq!(
        resolve("crate::store::Store", at, &modules).as_deref(),
        Some("store")
    );
    let circle: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(
        circles(&circle),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
}

/// The features in their one order: a feature may import those before it, never one after it.
const FEATURE_ORDER: &[&str] = &[
    "accounts",
    "forums",
    "announcements",
    "documents",
    "agenda",
    "registration",
    "tickets",
    "checkin",
    "calendar",
    "reports",
    "privacy",
    "messages",
];

/// Imports against the feature order, with the reason each is kept.
const FEATURE_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "features::*",
        "features::calendar::ics",
        "the pure iCalendar builder: registration asks it for the emailed invitation",
    ),
    (
        "features::*",
        "features::calendar::links",
        "pure builders of calendar addresses, shown on agenda pages",
    ),
];

fn feature_of(module: &str) -> Option<usize> {
    let name = module.strip_prefix("features::")?.split("::").next()?;
    FEATURE_ORDER.iter().position(|f| *f == name)
}

#[test]
fn features_import_only_the_features_before_them() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        let Some(a) = feature_of(from) else { continue };
        for to in targets {
            let Some(b) = feature_of(to) else { continue };
            let excepted = FEATURE_EXCEPTIONS
                .iter()
                .any(|(f, t, _)| matches(f, from) && matches(t, to));
            if b > a && !excepted {
                wrong.push(format!("{from} imports {to}"));
            }
        }
    }
    for w in &wrong {
        println!("{w}");
    }
    assert!(
        wrong.is_empty(),
        "{} imports point back up the feature order",
        wrong.len()
    );
}

/// A file a newcomer can read in one sitting: no source file of `app/src` over 500 lines.
const MAX_LINES: usize = 500;

#[test]
fn no_source_file_is_longer_than_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(all.len() > 100, "the source files are found");
    let long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} has {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}
