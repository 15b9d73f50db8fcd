//! What every page shares: the frame (the one stylesheet, the navigation, the links out), and code and Markdown
//! turned into markup. Pages are `maud` templates: checked when the crate compiles, text escaped by
//! construction; only the highlighter's and the Markdown renderer's output goes in as markup.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::SampleStudy;
use super::drivers::{LINKS, PARTS};
use super::highlight::{Highlighter, Lang};
use super::markdown;

/// `text` with `& < > " '` escaped, for element content and attribute values alike (the highlighter's plain
/// text and the Markdown renderer's code blocks; the templates escape by themselves).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Which page a frame is for, so the navigation can mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Here<'a> {
    /// The index.
    Index,
    /// The protocol page (part 1).
    Protocol,
    /// BENCHMARKS.md.
    Benchmarks,
    /// A sample's page.
    Sample(&'a str),
}

/// The file name of the protocol page.
pub const PROTOCOL_PAGE: &str = "protocol.html";

/// A whole page: the stylesheet (no script, no font, nothing from the network), the navigation (parts,
/// samples, the protocol page, benchmarks), `body` in `<main>`, the links out.
pub fn frame(title: &str, here: Here<'_>, studies: &[SampleStudy], benchmarks: bool, body: Markup) -> String {
    let current = |page: Here<'_>| if page == here { Some("page") } else { None };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) }
                link rel="stylesheet" href="study.css";
            }
            body {
                header.top {
                    nav {
                        a.brand href="index.html" aria-current=[current(Here::Index)] { "final-frontier study" }
                        a href=(PROTOCOL_PAGE) aria-current=[current(Here::Protocol)] { "Protocol" }
                        @if benchmarks {
                            a href="benchmarks.html" aria-current=[current(Here::Benchmarks)] { "Benchmarks" }
                        }
                        details.contents {
                            summary { "Parts and samples" }
                            (contents(studies, here))
                        }
                    }
                }
                main { (body) }
                footer {
                    p {
                        "Read next: "
                        @for (i, (label, url)) in LINKS.iter().enumerate() {
                            @if i > 0 { " · " }
                            a href=(url) { (label) }
                        }
                    }
                    p {
                        "Written by " code { "final-frontier study" } " from the sources, the Python twins and real "
                        "runs of the samples; it reads without a network and without scripts."
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The talk's parts with their titles, and each part's samples.
pub fn contents(studies: &[SampleStudy], here: Here<'_>) -> Markup {
    html! {
        ol.parts {
            @for (part, title, what) in PARTS {
                li {
                    span.part-number { "Part " (part) } " "
                    @if part == 1 {
                        a href=(PROTOCOL_PAGE) { b { (title) } } " "
                    } @else {
                        b { (title) } " "
                    }
                    span.quiet { "(" (what) ")" }
                    @let samples: Vec<&SampleStudy> = studies.iter().filter(|s| s.sample.part == part).collect();
                    @if !samples.is_empty() {
                        ul.samples-of-part {
                            @for study in samples {
                                @let name = study.sample.name;
                                li {
                                    a href={ (name) ".html" } aria-current=[(here == Here::Sample(name)).then_some("page")] {
                                        code { (name) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Highlighted code and Markdown, with the failures met on the way (a failed block is shown as plain text).
pub struct Code<'a> {
    /// The grammars.
    pub highlighter: &'a Highlighter,
    /// What could not be highlighted.
    pub problems: Vec<String>,
}

impl<'a> Code<'a> {
    /// Starts collecting.
    pub fn new(highlighter: &'a Highlighter) -> Self {
        Code { highlighter, problems: Vec::new() }
    }

    /// A `<pre>` of highlighted code.
    pub fn pre(&mut self, code: &str, lang: Lang) -> Markup {
        self.marked(code, lang, &[])
    }

    /// A `<pre>` of highlighted code with the byte ranges `marks` marked as differing between backends.
    pub fn marked(&mut self, code: &str, lang: Lang, marks: &[std::ops::Range<usize>]) -> Markup {
        let inner = self.highlighter.marked(code, lang, marks).unwrap_or_else(|error| {
            self.problems.push(error.to_string());
            html! { (code) }.into_string()
        });
        html! { pre.code.hl-code { code { (PreEscaped(inner)) } } }
    }

    /// Markdown as HTML, headings moved `shift` levels down; images only where `image` maps them.
    pub fn markdown(&mut self, text: &str, shift: usize, image: &mut dyn FnMut(&str) -> Option<String>) -> Markup {
        let (html, problems) = markdown::render(text, self.highlighter, shift, image);
        self.problems.extend(problems);
        PreEscaped(html)
    }
}

/// For [`Code::markdown`]: no images.
pub fn no_images(_: &str) -> Option<String> {
    None
}

/// What was wrong, in a box (nothing when nothing was).
pub fn problems_box(problems: &[String]) -> Markup {
    html! {
        @if !problems.is_empty() {
            section.problems {
                h2 { "What is wrong" }
                ul { @for problem in problems { li { (problem) } } }
            }
        }
    }
}
