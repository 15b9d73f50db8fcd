//! The two text formats the crate reads from its own repository, each read here and nowhere else:
//!
//! - a **Python twin** (`python/NAME.py`): the program above the plumbing marker, and its top-level items by name;
//! - an **insta snapshot** (`tests/snapshots/NAME.snap`): the transcript below insta's header.
//!
//! Only `std`, so that build.rs can include this very file (`#[path = "src/source_files.rs"] mod source_files;`)
//! to generate the module docs' Python blocks and `## Output` sections, while the study uses it as
//! `crate::source_files`: one reader, so a doc and a study page can never disagree about what a twin says.
#![allow(dead_code)] // build.rs uses only part of it

/// The line that starts a twin's plumbing (command line, time scale, counts): everything from it to the end of
/// the file is not in Beazley's original, and the study folds it away.
pub const PLUMBING_MARKER: &str = "# ---- plumbing: not in the original ----";

/// The twin's program: its text above the plumbing marker (the whole text if it has none), without trailing
/// blank lines.
pub fn program(twin: &str) -> &str {
    let end = twin
        .match_indices(PLUMBING_MARKER)
        .find(|&(at, _)| at == 0 || twin[..at].ends_with('\n'))
        .map_or(twin.len(), |(at, _)| at);
    twin[..end].trim_end()
}

/// The twin's plumbing block, marker included (empty if it has none).
pub fn plumbing(twin: &str) -> &str {
    let program = program(twin);
    twin[program.len()..].trim()
}

/// What kind of top-level item a [`PyItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyKind {
    /// `def NAME(...)` (decorated or not).
    Function,
    /// `class NAME...`.
    Class,
}

/// A top-level `def` or `class` of a twin's program, with its decorators and the comments right above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyItem {
    /// Its name, as Python spells it.
    pub name: String,
    /// Function or class.
    pub kind: PyKind,
    /// Its source, from its first decorator (or comment) to its last indented line.
    pub text: String,
    /// The 1-based line of the twin where `text` starts.
    pub line: usize,
}

/// The top-level `def`s and `class`es of the twin's program (above the plumbing marker), in file order.
///
/// A top-level line is one that is not indented and not blank; an item runs from the comment and decorator lines
/// just above its `def`/`class` to the last line before the next top-level line that is not part of it. Python's
/// own rules are simpler than a parser's here because a twin is ordinary code: no top-level line continuations
/// inside an item's header, no `def` in a string at column 0.
pub fn items(twin: &str) -> Vec<PyItem> {
    let lines: Vec<&str> = program(twin).lines().collect();
    let top_level = |line: &str| !line.is_empty() && !line.starts_with([' ', '\t']);
    let mut found = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let Some((kind, name)) = header(lines[at]) else {
            at += 1;
            continue;
        };
        // Decorators and comments directly above belong to the item.
        let mut start = at;
        while start > 0 && (lines[start - 1].starts_with('@') || lines[start - 1].starts_with('#')) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < lines.len() && !top_level(lines[end]) {
            end += 1;
        }
        // Trailing blank lines are the gap before the next item, not part of this one.
        let mut last = end;
        while last > at + 1 && lines[last - 1].trim().is_empty() {
            last -= 1;
        }
        found.push(PyItem { name, kind, text: lines[start..last].join("\n"), line: start + 1 });
        at = end;
    }
    found
}

/// `def name(` / `async def name(` / `class name` at the start of a line.
fn header(line: &str) -> Option<(PyKind, String)> {
    let (kind, rest) = if let Some(rest) = line.strip_prefix("def ").or_else(|| line.strip_prefix("async def ")) {
        (PyKind::Function, rest)
    } else {
        (PyKind::Class, line.strip_prefix("class ")?)
    };
    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then_some((kind, name))
}

/// The transcript of an insta snapshot: the text after insta's header (a block between two `---` lines), or the
/// whole text if it has no header.
pub fn snapshot_transcript(snapshot: &str) -> &str {
    match snapshot.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
        Some((_header, transcript)) => transcript,
        None => snapshot,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWIN: &str = "\"\"\"doc\"\"\"\n\nimport time\n\n# a comment about Task\nclass Task:\n    def step(self):\n\n        pass\n\n\n@inlined_future\ndef do_func(x, y):\n    return x + y\n\npool = Pool(8)\n\n# ---- plumbing: not in the original ----\ndef main():\n    pass\n";

    #[test]
    fn items_come_with_their_comments_and_decorators_and_stop_at_the_marker() {
        let found = items(TWIN);
        let names: Vec<_> = found.iter().map(|item| (item.name.as_str(), item.kind, item.line)).collect();
        assert_eq!(names, [("Task", PyKind::Class, 5), ("do_func", PyKind::Function, 12)]);
        assert_eq!(found[0].text, "# a comment about Task\nclass Task:\n    def step(self):\n\n        pass");
        assert_eq!(found[1].text, "@inlined_future\ndef do_func(x, y):\n    return x + y");
    }

    #[test]
    fn program_and_plumbing_split_at_the_marker_only_at_a_line_start() {
        assert!(program(TWIN).ends_with("pool = Pool(8)"));
        assert!(plumbing(TWIN).starts_with(PLUMBING_MARKER));
        assert!(plumbing(TWIN).ends_with("pass"));
        let quoted = format!("x = '{PLUMBING_MARKER}'\n");
        assert_eq!(program(&quoted), quoted.trim_end());
        assert_eq!(plumbing("def f():\n    pass\n"), "");
    }

    #[test]
    fn a_snapshot_loses_its_header() {
        let snap = "---\nsource: tests/snapshots.rs\nexpression: text\n---\nGot: 5\n";
        assert_eq!(snapshot_transcript(snap), "Got: 5\n");
        assert_eq!(snapshot_transcript("Got: 5\n"), "Got: 5\n");
    }
}
