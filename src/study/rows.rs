//! Python beside Rust, row by row: each top-level `def`/`class` of the twin (above its plumbing) with its Rust
//! counterpart, matched by name.
//!
//! A Python item's counterpart is, in this order: the functions of the backend modules of the same name (one
//! body per backend; `visit_BinOp` matches `visit_binop`, case and underscores aside) or declared for it
//! ([`ALIASES`]); a driver declared for it ([`drivers`](super::drivers::drivers)); an item of the sample's own
//! file outside the backend modules (written once for every backend). A Python item with none gets a row that
//! says so; a backend body with no Python item gets a row of its own, after the others.
//!
//! The twin's top level (imports, globals, the main block) faces the Rust `run`. The twin's `main`, which wraps
//! the original's top-level program, faces the Rust `program` where there is one (`main` is the binary's name
//! in Rust), and else stays with the top level.

use super::SampleStudy;
use super::drivers::{ALIASES, Driver};
use super::extract::Piece;
use crate::source_files::PyItem;

/// What stands on the Rust side of a row.
#[derive(Debug)]
pub enum Rust<'a> {
    /// One body per backend, in [`Backend::ALL`](crate::backend::Backend::ALL)'s order (`None`: that backend has
    /// no such item).
    Backends([Option<&'a Piece>; 3]),
    /// Written once for every backend, in the file `path`.
    Shared {
        /// Where, from the crate root.
        path: &'a str,
        /// The items (a struct and its `impl`s, or one function).
        pieces: Vec<&'a Piece>,
    },
    /// Nothing of that name.
    Nothing,
}

/// One row of a sample's page.
#[derive(Debug)]
pub struct Row<'a> {
    /// Its anchor.
    pub id: String,
    /// The Python items (none: a Rust-only row; two: one Rust body says both, as `player` says `ping` and `pong`;
    /// in the top level's row, `main` when it stays there).
    pub python: Vec<&'a PyItem>,
    /// The twin's top level, for the row of the program's top level.
    pub top_level: Option<String>,
    /// The Rust side.
    pub rust: Rust<'a>,
    /// The Rust name shown when it differs from the Python's.
    pub rust_name: Option<&'a str>,
}

/// A name without case and underscores: `visit_BinOp` and `visit_binop` are one name.
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |name: &str| name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect::<String>();
    key(a) == key(b)
}

/// The rows of `study`'s page, and the drivers no row showed.
pub fn rows<'a>(study: &'a SampleStudy) -> (Vec<Row<'a>>, Vec<(&'a Driver, &'a Vec<Piece>)>) {
    let name = study.sample.name;
    let Some(extracted) = &study.extracted else { return (Vec::new(), Vec::new()) };
    let backend_rows = extracted.rows();
    let mut used_backend = vec![false; backend_rows.len()];
    let mut used_driver = vec![false; study.drivers.len()];
    let mut used_python = vec![false; study.python_items.len()];
    let mut rows = Vec::new();
    // The twin's `main` wraps the original's top-level program. Where the Rust names that program `program`
    // (`main` is the binary's), the two face each other; else `main` stays with the top level, facing `run`.
    let program: Vec<&Piece> = extracted.shared_items.iter().filter(|piece| piece.name == "program").collect();
    for (index, item) in study.python_items.iter().enumerate() {
        if used_python[index] {
            continue;
        }
        if item.name == "main" {
            if !program.is_empty() {
                let rust = Rust::Shared { path: &study.rust_path, pieces: program.clone() };
                rows.push(Row {
                    id: "py-main".into(),
                    python: vec![item],
                    top_level: None,
                    rust,
                    rust_name: Some("program"),
                });
            }
            continue;
        }
        let alias = ALIASES.iter().find(|(sample, _, python)| *sample == name && python.contains(&item.name.as_str()));
        let by_name = |rust: &str| backend_rows.iter().position(|row| same_name(row.name, rust));
        if let Some(at) = alias.and_then(|(_, rust, _)| by_name(rust)).or_else(|| by_name(&item.name)) {
            used_backend[at] = true;
            let mut python = vec![item];
            if let Some((_, _, names)) = alias {
                for (other, other_item) in study.python_items.iter().enumerate().skip(index + 1) {
                    if names.contains(&other_item.name.as_str()) {
                        used_python[other] = true;
                        python.push(other_item);
                    }
                }
            }
            let rust_name = (!same_name(backend_rows[at].name, &item.name)).then_some(backend_rows[at].name);
            rows.push(Row {
                id: format!("py-{}", item.name),
                python,
                top_level: None,
                rust: Rust::Backends(backend_rows[at].cells),
                rust_name,
            });
            continue;
        }
        let driver = study.drivers.iter().position(|(driver, _)| driver.python == Some(item.name.as_str()));
        let rust = match driver {
            Some(at) => {
                used_driver[at] = true;
                let (driver, pieces) = &study.drivers[at];
                Rust::Shared { path: driver.path, pieces: pieces.iter().collect() }
            }
            None => {
                let named = |items: &'a [Piece]| -> Vec<&'a Piece> {
                    items.iter().filter(|piece| piece.kind != "macro" && same_name(&piece.name, &item.name)).collect()
                };
                let own = named(&extracted.shared_items);
                let borrowed = named(&extracted.borrowed_items);
                match (own.is_empty(), borrowed.is_empty(), &extracted.bodies_from) {
                    (false, ..) => Rust::Shared { path: &study.rust_path, pieces: own },
                    (true, false, Some(path)) => Rust::Shared { path, pieces: borrowed },
                    _ => Rust::Nothing,
                }
            }
        };
        let rust_name = match (&rust, driver) {
            (Rust::Shared { .. }, Some(at)) if !same_name(study.drivers[at].0.item, &item.name) => {
                Some(study.drivers[at].0.item)
            }
            _ => None,
        };
        rows.push(Row { id: format!("py-{}", item.name), python: vec![item], top_level: None, rust, rust_name });
    }
    // The program's top level, facing the Rust entry point.
    // `main`, where no `program` faces it, stays with the top level: its lines and its anchor.
    let stays = |item: &&PyItem| item.name == "main" && program.is_empty();
    let top = top_level(&study.python_program, study.python_items.iter().filter(|item| !stays(item)));
    let run: Vec<&Piece> = extracted.shared_items.iter().filter(|piece| piece.name == "run").collect();
    if !top.trim().is_empty() || !run.is_empty() {
        let rust = if run.is_empty() { Rust::Nothing } else { Rust::Shared { path: &study.rust_path, pieces: run } };
        let python = study.python_items.iter().filter(stays).collect();
        rows.push(Row { id: "top-level".into(), python, top_level: Some(top), rust, rust_name: None });
    }
    for (row, used) in backend_rows.iter().zip(used_backend) {
        if !used {
            rows.push(Row {
                id: format!("rust-{}", row.name.replace(' ', "-")),
                python: Vec::new(),
                top_level: None,
                rust: Rust::Backends(row.cells),
                rust_name: Some(row.name),
            });
        }
    }
    let left = study.drivers.iter().zip(used_driver).filter(|(_, used)| !used).map(|((d, p), _)| (d, p)).collect();
    (rows, left)
}

/// The lines of `program` outside its items, blank runs squeezed: imports, globals, the main block.
fn top_level<'a>(program: &str, items: impl IntoIterator<Item = &'a PyItem>) -> String {
    let lines: Vec<&str> = program.lines().collect();
    let mut inside = vec![false; lines.len()];
    for item in items {
        let first = item.line.saturating_sub(1);
        let count = item.text.lines().count();
        inside.iter_mut().skip(first).take(count).for_each(|inside| *inside = true);
    }
    let mut out = String::new();
    let mut blank = true;
    for (line, inside) in lines.iter().zip(inside) {
        if inside {
            continue;
        }
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(line);
            out.push('\n');
        }
        blank = is_blank;
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_and_underscores() {
        assert!(same_name("visit_BinOp", "visit_binop"));
        assert!(same_name("Task", "Task"));
        assert!(!same_name("send", "run"));
    }

    #[test]
    fn the_top_level_is_what_the_items_leave() {
        let program =
            "import x\n\n\ndef f():\n    pass\n\n\nclass C:\n    y = 1\n\n\nif __name__ == '__main__':\n    f()\n";
        let items = crate::source_files::items(program);
        assert_eq!(top_level(program, &items), "import x\n\nif __name__ == '__main__':\n    f()");
    }
}
