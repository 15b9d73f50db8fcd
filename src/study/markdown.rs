//! Markdown (module docs, README sections, BENCHMARKS.md) to HTML, as rustdoc would show it: code blocks
//! highlighted, rustdoc's hidden `# ` lines hidden, intra-doc links (`` [`Finally`] ``, `(super::cm)`) kept as
//! their text since the pages have no API docs to point to, headings moved down under the page's own, and raw
//! HTML shown as text so a doc can never inject markup into a page.

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::highlight::{Highlighter, Lang};
use super::html::escape;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// What a fenced block's info string (```` ```python ````, ```` ```compile_fail,E0308 ````) asks for, and the
/// note to show above it.
fn block_lang(info: &str) -> (Lang, Option<String>) {
    let words: Vec<&str> = info.split([',', ' ']).map(str::trim).filter(|word| !word.is_empty()).collect();
    match words.first().copied() {
        Some("python" | "py") => (Lang::Python, None),
        Some("text" | "console" | "sh" | "bash" | "json" | "toml" | "txt") => (Lang::Plain, None),
        _ => {
            let note = words.contains(&"compile_fail").then(|| {
                let codes: Vec<&str> = words.iter().copied().filter(|word| word.starts_with('E')).collect();
                if codes.is_empty() {
                    "does not compile".to_string()
                } else {
                    format!("does not compile: {}", codes.join(", "))
                }
            });
            (Lang::Rust, note)
        }
    }
}

/// Drops rustdoc's hidden lines (`# use ...;`, a lone `#`) from a Rust doc block.
fn without_hidden_lines(code: &str) -> String {
    code.lines()
        .filter(|line| {
            let trimmed = line.trim_start();
            !(trimmed == "#" || trimmed.starts_with("# "))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Whether a link target is a real URL or an anchor, rather than a Rust path (`super::contextmanager`).
fn is_url(dest: &str) -> bool {
    dest.contains("://") || dest.starts_with('#')
}

/// Renders `markdown` to HTML. Headings go down `shift` levels (an `#` becomes `h(1 + shift)`). `image` maps
/// an image's destination to the URL the page should use, or `None` to show its alt text instead. Highlighting
/// failures are returned, their blocks shown as plain text.
pub fn render(
    markdown: &str,
    highlighter: &Highlighter,
    shift: usize,
    image: &mut dyn FnMut(&str) -> Option<String>,
) -> (String, Vec<String>) {
    // An intra-doc link with no target (`[`Finally`]`) becomes a link to nothing, dropped below with the rest.
    let callback = |_: BrokenLink<'_>| Some((CowStr::from(""), CowStr::from("")));
    let parser = Parser::new_with_broken_link_callback(markdown, options(), Some(callback));
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut problems = Vec::new();
    let mut kept_links: Vec<bool> = Vec::new();
    let mut kept_images: Vec<bool> = Vec::new();
    let mut block: Option<(Lang, Option<String>, String)> = None;
    // A table head whose cells are all empty (BENCHMARKS.md's `| | |` key-value tables) is left out.
    let mut head: Option<(Vec<Event<'_>>, bool)> = None;
    for event in parser {
        if let Some((events_of_head, empty)) = &mut head {
            match &event {
                Event::Text(text) | Event::Code(text) if !text.trim().is_empty() => *empty = false,
                _ => {}
            }
            let end = matches!(event, Event::End(TagEnd::TableHead));
            events_of_head.push(event);
            if end {
                match head.take() {
                    Some((events_of_head, false)) => events.extend(events_of_head),
                    // Kept as an empty head, so the renderer knows the rows after it are the body; cut below.
                    _ => events.extend([Event::Start(Tag::TableHead), Event::End(TagEnd::TableHead)]),
                }
            }
            continue;
        }
        if kept_images.last() == Some(&false) && !matches!(event, Event::End(TagEnd::Image)) {
            continue; // the alt text of an image the page does not show
        }
        if let Some((lang, note, code)) = &mut block {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let code = if *lang == Lang::Rust { without_hidden_lines(code) } else { code.clone() };
                    let inner = highlighter.html(&code, *lang).unwrap_or_else(|error| {
                        problems.push(error.to_string());
                        escape(&code)
                    });
                    let note = note.as_deref().map(|note| format!("<p class=\"code-note\">{}</p>", escape(note)));
                    events.push(Event::Html(
                        format!("{}<pre class=\"code hl-code\"><code>{inner}</code></pre>\n", note.unwrap_or_default())
                            .into(),
                    ));
                    block = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, note) = match &kind {
                    CodeBlockKind::Fenced(info) => block_lang(info),
                    CodeBlockKind::Indented => (Lang::Rust, None),
                };
                block = Some((lang, note, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let level = shifted(level, shift);
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => events.push(Event::End(TagEnd::Heading(shifted(level, shift)))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let keep = is_url(&dest_url);
                kept_links.push(keep);
                if keep {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if kept_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => match image(&dest_url) {
                Some(url) => {
                    kept_images.push(true);
                    events.push(Event::Start(Tag::Image { link_type, dest_url: url.into(), title, id }));
                }
                None => kept_images.push(false),
            },
            Event::End(TagEnd::Image) => {
                if kept_images.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Image));
                }
            }
            Event::Start(Tag::TableHead) => head = Some((vec![Event::Start(Tag::TableHead)], true)),
            // A comment is for the file's editors: not shown. Other raw HTML is shown as text, never run.
            Event::Html(html) | Event::InlineHtml(html) if html.trim_start().starts_with("<!--") => {}
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html.replace("<thead><tr></tr></thead>", "").replace("<p></p>\n", ""), problems)
}

fn shifted(level: HeadingLevel, shift: usize) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + shift).min(6)).unwrap_or(HeadingLevel::H6)
}

/// The destinations of every image in `markdown`.
pub fn images(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// A module doc's first paragraph, as plain text, without the leading `file.py: `.
pub fn summary(markdown: &str) -> String {
    let paragraph: Vec<&str> = markdown.lines().map(str::trim).take_while(|line| !line.is_empty()).collect();
    let paragraph = paragraph.join(" ");
    let text = match paragraph.split_once(".py: ") {
        Some((file, rest)) if !file.contains(' ') => rest,
        _ => &paragraph,
    };
    text.replace('`', "")
}

/// What follows the first paragraph (the [`summary`]).
pub fn after_first_paragraph(markdown: &str) -> &str {
    let text = markdown.trim_start();
    match text.find("\n\n") {
        Some(end) => &text[end..],
        None => "",
    }
}

/// The section of `markdown` under the heading `title` (any level), up to the next heading of the same or a
/// higher level; `None` if there is no such heading.
pub fn section(markdown: &str, title: &str) -> Option<String> {
    let mut level = None;
    let mut lines = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let hashes = if fenced { 0 } else { line.chars().take_while(|c| *c == '#').count() };
        let is_heading = hashes > 0 && line[hashes..].starts_with(' ');
        match level {
            None if is_heading && line[hashes..].trim() == title => level = Some(hashes),
            None => {}
            Some(open) if is_heading && hashes <= open => break,
            Some(_) => lines.push(line),
        }
    }
    level.map(|_| lines.join("\n").trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_render_as_rustdoc_shows_them() {
        let markdown = "# Try 1\n\nSee [`Finally`] and [the driver](super::contextmanager), \
                        [genawaiter](https://crates.io/crates/genawaiter).\n\n<script>x()</script>\n\n\
                        ```compile_fail,E0308\n# use hidden;\nfn main() {}\n```\n";
        let (html, problems) = render(markdown, &Highlighter::new(), 2, &mut |_| None);
        assert!(problems.is_empty());
        assert!(html.contains("<h3>Try 1</h3>"), "{html}");
        assert!(
            html.contains("See <code>Finally</code> and the driver, <a href=\"https://crates.io/crates/genawaiter\">")
        );
        assert!(html.contains("&lt;script&gt;"), "raw HTML is shown, not run: {html}");
        assert!(html.contains("does not compile: E0308"));
        assert!(!html.contains("hidden"), "{html}");
        let (html, _) = render(
            "<!-- Written by a tool -->\n\n| | |\n| --- | --- |\n| machine | x |\n\n![chart](a.svg)\n",
            &Highlighter::new(),
            0,
            &mut |_| None,
        );
        assert!(!html.contains("Written by") && !html.contains("<thead>") && !html.contains("chart"), "{html}");
        assert!(html.contains("<td>machine</td>"), "{html}");
    }

    #[test]
    fn summaries_and_sections() {
        assert_eq!(
            summary("cm.py: a context manager made from a generator.\n\nMore."),
            "a context manager made from a generator."
        );
        assert_eq!(
            summary("inline_puzzle.py: the puzzler. Write `after(delay, gen)`: wait\nmore.\n\nNot this."),
            "the puzzler. Write after(delay, gen): wait more."
        );
        assert_eq!(after_first_paragraph("One\ntwo.\n\nThree."), "\n\nThree.");
        assert_eq!(after_first_paragraph("One."), "");
        let readme = "# T\n\n## The three backends compared\n\nFacts.\n\n### Sub\n\nMore.\n\n## Layout\n\nNo.";
        assert_eq!(section(readme, "The three backends compared").as_deref(), Some("Facts.\n\n### Sub\n\nMore."));
        assert_eq!(section(readme, "Missing"), None);
    }
}
