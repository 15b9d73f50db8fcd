//! The evolutions the slides teach (inline1 → inline2 → inline_future's Task; actor1 → actor2 → actor3's send
//! and run): each step's real Python and Rust, and each step as a line diff (`similar`) of the one before.

use std::path::Path;

use maud::{Markup, html};
use similar::{ChangeTag, TextDiff};

use super::drivers::{EVOLUTIONS, Evolution};
use super::extract;
use crate::source_files;

/// One step's texts, cut from the real sources.
#[derive(Debug, Clone)]
pub struct Texts {
    /// The sample.
    pub sample: &'static str,
    /// Its Python items, joined.
    pub python: String,
    /// Its Rust items, joined.
    pub rust: String,
}

/// Every evolution's steps, read from `root`; what cannot be found is a problem.
pub fn read(root: &Path, problems: &mut Vec<String>) -> Vec<(&'static Evolution, Vec<Texts>)> {
    EVOLUTIONS
        .iter()
        .map(|evolution| {
            let steps = evolution
                .steps
                .iter()
                .map(|step| {
                    let path = format!("python/{}.py", step.sample);
                    let text = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
                    let items = source_files::items(&text);
                    let mut python = Vec::new();
                    for name in step.python {
                        match items.iter().find(|item| item.name == *name) {
                            Some(item) => python.push(item.text.clone()),
                            None => problems.push(format!("{}: {path} has no `{name}` to show", evolution.id)),
                        }
                    }
                    let mut rust = Vec::new();
                    for (file, name) in step.rust {
                        let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
                        let found = extract::lookup(&source, name);
                        if found.is_empty() {
                            problems.push(format!("{}: {file} has no `{name}` to show", evolution.id));
                        }
                        rust.extend(found.into_iter().map(|piece| piece.text));
                    }
                    Texts { sample: step.sample, python: python.join("\n\n"), rust: rust.join("\n\n") }
                })
                .collect();
            (evolution, steps)
        })
        .collect()
}

/// An evolution as its first step, then each later step as a diff of the one before; `current`'s step is
/// marked.
pub fn view(steps: &[Texts], current: &str) -> Markup {
    html! {
        @for (i, step) in steps.iter().enumerate() {
            @let here = step.sample == current;
            div class={ "step" @if here { " here" } } {
                @if i == 0 {
                    h3 { (step.sample) ", where it starts" @if here { " (this page)" } }
                    div.pair {
                        div.python-side { div.cell-head { "Python" } (listing(&step.python)) }
                        div.rust-side { div.cell-head { "Rust" } (listing(&step.rust)) }
                    }
                } @else {
                    @let before = &steps[i - 1];
                    h3 { (before.sample) " → " (step.sample) @if here { " (this page)" } }
                    div.pair {
                        div.python-side { div.cell-head { "Python" } (diff(&before.python, &step.python)) }
                        div.rust-side { div.cell-head { "Rust" } (diff(&before.rust, &step.rust)) }
                    }
                }
            }
        }
    }
}

/// A step's text, whole.
fn listing(text: &str) -> Markup {
    lines(text, text)
}

/// `new` as lines, each marked as kept, removed (from `old`) or added; "Unchanged." when nothing changed.
fn diff(old: &str, new: &str) -> Markup {
    html! {
        @if old == new { p.quiet { "Unchanged." } }
        (lines(old, new))
    }
}

fn lines(old: &str, new: &str) -> Markup {
    let diff = TextDiff::from_lines(old, new);
    html! {
        pre.code.diff {
            code {
                @for change in diff.iter_all_changes() {
                    @let (class, sign) = match change.tag() {
                        ChangeTag::Equal => ("line", " "),
                        ChangeTag::Delete => ("line del", "-"),
                        ChangeTag::Insert => ("line ins", "+"),
                    };
                    span class=(class) { span.sign { (sign) } (change.value().trim_end_matches('\n')) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_marks_removed_and_added_lines() {
        let html = diff("a\nb\n", "a\nc\n").into_string();
        assert!(html.contains("<span class=\"line del\"><span class=\"sign\">-</span>b</span>"), "{html}");
        assert!(html.contains("<span class=\"line ins\"><span class=\"sign\">+</span>c</span>"), "{html}");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = Vec::new();
        let read = read(root, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            read.iter().all(|(_, steps)| steps.iter().all(|step| !step.python.is_empty() && !step.rust.is_empty()))
        );
    }
}
