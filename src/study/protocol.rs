//! Part 1, generators 101 in Rust: the protocol every sample's drivers are written against (`src/generator.rs`,
//! its glossary for Python readers, `resume`/`Step`, `throw`, drop as close, the three `yield from`s) and the
//! three backends' adapters side by side, each cut from its real source.

use std::path::Path;

use maud::{PreEscaped, html};

use super::extract::{self, Piece};
use super::highlight::Lang;
use super::html::{Code, Here, frame, no_images};
use super::{SampleStudy, tokendiff};
use crate::backend::Backend;

/// What the protocol page shows, read from the crate.
pub struct Protocol {
    /// `src/generator.rs`'s module doc: the verbs' table, the glossary, the three `yield from`s.
    pub glossary: String,
    /// The protocol's items, by name: `Step`, `Generator`, `Throw`, `yield_from`.
    pub items: Vec<(&'static str, Vec<Piece>)>,
    /// Each backend adapter's module doc and its type with its `impl`s.
    pub adapters: Vec<(Backend, String, Vec<Piece>)>,
    /// `yield from` on each backend: inline_iter's `after`, one body per backend.
    pub delegation: [Option<Piece>; 3],
    /// Drop as close: the `Finally` guard.
    pub finally: Vec<Piece>,
    /// The recorded chain of three `yield from`s ([`delegation`](super::delegation)): its bodies by name, one
    /// per backend.
    pub chain: Vec<(String, [Option<Piece>; 3])>,
    /// The chain's run drawn on each backend (`Err`: why not); empty until [`Protocol::draw`].
    pub pictures: Vec<(Backend, Result<super::traces::Drawn, String>)>,
}

impl Protocol {
    /// Records the chain on each backend and draws it.
    pub fn draw(&mut self) {
        self.pictures = super::delegation::draw_all();
    }
}

/// Where the example of delegation comes from.
const DELEGATION: (&str, &str) = ("src/part4_yield_from/inline_iter.rs", "after");

/// Where the recorded chain of `yield from`s is written.
const CHAIN: &str = "src/study/delegation.rs";

/// Reads the protocol page's material; what is missing is a problem.
pub fn read(root: &Path, problems: &mut Vec<String>) -> Protocol {
    let mut read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| {
            problems.push(format!("the protocol page cannot read {path}: {error}"));
            String::new()
        })
    };
    let generator = read("src/generator.rs");
    let glossary = extract::extract(&generator).map(|extracted| extracted.doc).unwrap_or_default();
    let items = ["Step", "Generator", "Throw", "yield_from"]
        .into_iter()
        .map(|name| (name, extract::lookup(&generator, name)))
        .collect();
    let adapters = Backend::ALL
        .into_iter()
        .map(|backend| {
            let path = format!("src/backend/{}.rs", backend.name());
            let source = read(&path);
            let doc = extract::extract(&source).map(|extracted| extracted.doc).unwrap_or_default();
            let name = match backend {
                Backend::Native => "Native",
                Backend::Stackless => "Stackless",
                Backend::Stackful => "Stackful",
            };
            (backend, doc, extract::lookup(&source, name))
        })
        .collect();
    let source = read(DELEGATION.0);
    let delegation = extract::extract(&source)
        .ok()
        .and_then(|extracted| {
            extracted.rows().iter().find(|row| row.name == DELEGATION.1).map(|row| row.cells.map(|cell| cell.cloned()))
        })
        .unwrap_or_default();
    let finally = extract::lookup(&read("src/part2_context/contextmanager.rs"), "Finally");
    let chain = extract::extract(&read(CHAIN))
        .map(|extracted| {
            let functions =
                extracted.rows().into_iter().filter(|row| row.cells.iter().flatten().any(|p| p.kind == "fn"));
            functions.map(|row| (row.name.to_string(), row.cells.map(|cell| cell.cloned()))).collect()
        })
        .unwrap_or_default();
    let protocol = Protocol { glossary, items, adapters, delegation, finally, chain, pictures: Vec::new() };
    if protocol.chain.len() != 3 {
        problems.push(format!("the protocol page finds no inner, middle and outer in {CHAIN}"));
    }
    let empty: Vec<&str> = protocol.items.iter().filter(|(_, found)| found.is_empty()).map(|(name, _)| *name).collect();
    if !empty.is_empty() {
        problems.push(format!("the protocol page finds no {} in src/generator.rs", empty.join(", ")));
    }
    if protocol.glossary.is_empty() {
        problems.push("the protocol page finds no module doc in src/generator.rs".into());
    }
    protocol
}

/// The protocol page.
pub fn page(protocol: &Protocol, studies: &[SampleStudy], benchmarks: bool, code: &mut Code<'_>) -> String {
    let bodies: Vec<Option<&str>> =
        protocol.delegation.iter().map(|piece| piece.as_ref().map(|p| p.text.as_str())).collect();
    let marks = tokendiff::marks(&bodies);
    let body = html! {
        p.kicker { "Part 1 · Preliminaries" }
        h1 { "Generators 101, said in Rust" }
        p.lede {
            "Python's generator has four verbs: " code { "send" } " (and " code { "next" } "), " code { "throw" } ", "
            code { "close" } " and " code { "yield from" } ". The crate says them once, in " code { "src/generator.rs" }
            ", and each backend's adapter makes its library speak them, so every driver (the context manager, the "
            "Tasks, the actor registry, the visitor) is written once for all three."
        }
        section.glossary id="glossary" {
            h2 { a.anchor href="#glossary" { "The four verbs, and a glossary for Python readers" } }
            (code.markdown(&protocol.glossary, 1, &mut no_images))
        }
        section id="protocol" {
            h2 { a.anchor href="#protocol" { "The protocol, as written" } }
            @for (name, pieces) in &protocol.items {
                article.row id={ "item-" (name) } {
                    h3.row-name { a.anchor href={ "#item-" (name) } { code { (name) } } " " span.quiet { "in " code { "src/generator.rs" } } }
                    @for piece in pieces { (code.pre(&piece.text, Lang::Rust)) }
                }
            }
        }
        section id="close" {
            h2 { a.anchor href="#close" { "close() is drop" } }
            p {
                "Dropping a suspended generator drops the locals live at its " code { "yield" } " on all three backends "
                "(corosensei unwinds the coroutine's stack to do it), so a guard whose " code { "Drop" } " is the cleanup "
                "is Python's " code { "finally" } ". cm's generators hold one:"
            }
            @for piece in &protocol.finally { (code.pre(&piece.text, Lang::Rust)) }
        }
        section.compare id="yield-from" {
            h2 { a.anchor href="#yield-from" { "yield from, three ways" } }
            p {
                "inline_iter's " code { "after" } ", " code { "yield from" } " a future and then a generator, on each "
                "backend (what differs is " span.d { "marked" } "): a forwarding loop on native, an " code { ".await" }
                " on the same " code { "Co" } " on stackless, a plain call with the same yielder on stackful."
            }
            div.cells.side {
                @for ((backend, piece), marks) in Backend::ALL.into_iter().zip(&protocol.delegation).zip(&marks) {
                    @if let Some(piece) = piece {
                        div class={ "cell b-" (backend.name()) } {
                            div.cell-head { (backend.name()) }
                            (code.marked(&piece.text, Lang::Rust, marks))
                        }
                    }
                }
            }
        }
        section.compare id="yield-from-run" {
            h2 { a.anchor href="#yield-from-run" { "yield from, recorded: one item climbs, or one suspend" } }
            p {
                "A chain of three: " code { "inner" } " yields 1, then 2, and returns " code { "'done'" } "; "
                code { "middle" } " is " code { "return (yield from inner())" } "; " code { "outer" } " is "
                code { "return (yield from middle())" } "; and " code { "for item in outer(): print(item)" } ". Here is the chain on each backend, from " code { "src/study/delegation.rs" } "."
            }
            p {
                "The names given to " code { "yield_from!" } ", " code { "awaited" } " and " code { "suspended" }
                " are the recorder's hooks at the delegation points, so that it sees below " code { "outer" }
                ". They cost one check when nothing records; without them the code is the plain "
                code { "yield_from!(inner(), ())" } ", " code { "inner(co).await" } " and "
                code { "yielder.suspend(1)" } "."
            }
            @for (name, cells) in &protocol.chain {
                article.row id={ "chain-" (name) } {
                    h3.row-name { a.anchor href={ "#chain-" (name) } { code { (name) } } }
                    div.cells.side {
                        @for (backend, piece) in Backend::ALL.into_iter().zip(cells) {
                            @if let Some(piece) = piece {
                                div class={ "cell b-" (backend.name()) } {
                                    div.cell-head { (backend.name()) }
                                    (code.pre(&piece.text, Lang::Rust))
                                }
                            }
                        }
                    }
                }
            }
            p {
                "And what each did, recorded while this page was written (time goes down; a bar is a generator "
                "running, indented by how deep it runs inside the others). On " strong { "native" } " and "
                strong { "stackless" } ", each item climbs through every level: the loop resumes " code { "outer" }
                ", which resumes " code { "middle" } ", which resumes " code { "inner" } "; " code { "inner" }
                " yields to " code { "middle" } ", which yields to " code { "outer" } ", which yields to the loop: "
                "three resumes and three yields per item, more with each level. On " strong { "stackful" } ", "
                code { "outer" } " called " code { "middle" } " and " code { "middle" } " called " code { "inner" }
                " once, on the coroutine's own stack; then " code { "inner" } " suspends the whole coroutine, "
                "straight back to the loop, and the next resume lands back in " code { "inner" } ": one suspend "
                "per item, whatever the depth."
            }
            div.drawings {
                @for (backend, drawing) in &protocol.pictures {
                    @match drawing {
                        Ok(drawn) => figure.drawing {
                            (PreEscaped(drawn.svg.as_str()))
                            figcaption { (drawn.resumed) }
                        },
                        Err(error) => p.missing { (backend.name()) ": not drawn: " (error) },
                    }
                }
            }
        }
        section id="adapters" {
            h2 { a.anchor href="#adapters" { "The three adapters, side by side" } }
            p { "Each wraps its library's type into the protocol, and nothing else." }
            div.cells.side {
                @for (backend, doc, pieces) in &protocol.adapters {
                    div class={ "cell b-" (backend.name()) } {
                        div.cell-head { (backend.name()) " · " code { "src/backend/" (backend.name()) ".rs" } }
                        (code.markdown(doc, 2, &mut no_images))
                        @for piece in pieces { (code.pre(&piece.text, Lang::Rust)) }
                    }
                }
            }
        }
        nav.neighbours {
            a href="index.html" { "← the index" }
            @if let Some(first) = studies.first() { a href={ (first.sample.name) ".html" } { (first.sample.name) " →" } }
        }
    };
    frame("Part 1: the protocol · final-frontier study", Here::Protocol, studies, benchmarks, body)
}
