//! Syntax highlighting, done while the site is written: code becomes HTML spans with CSS classes, and one
//! stylesheet colours them for a light and a dark reader. The pages need no script.

use std::ops::Range;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::html::escape;

/// Every class the highlighter writes starts with this, so the theme's rules touch nothing else on the page.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The theme for a light page, and the one for a dark page (both bundled with syntect).
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// Which grammar to highlight with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Rust.
    Rust,
    /// Python.
    Python,
    /// No grammar: the text is only escaped (transcripts, `text` blocks).
    Plain,
}

/// Highlighting failed: the grammar's patterns could not run on this text.
#[derive(Debug, thiserror::Error)]
#[error("cannot highlight the {lang:?} code: {message}")]
pub struct HighlightError {
    /// The grammar.
    pub lang: Lang,
    /// What syntect said.
    pub message: String,
}

/// The bundled grammars, loaded once per site.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    /// Loads the bundled grammars.
    pub fn new() -> Self {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
    }

    fn syntax(&self, lang: Lang) -> Option<&SyntaxReference> {
        match lang {
            Lang::Rust => self.syntaxes.find_syntax_by_extension("rs"),
            Lang::Python => self.syntaxes.find_syntax_by_extension("py"),
            Lang::Plain => None,
        }
    }

    /// `code` as HTML spans (the inside of a `<pre>`).
    ///
    /// # Errors
    ///
    /// [`HighlightError`] if the grammar fails on this text; the caller may show it escaped instead.
    pub fn html(&self, code: &str, lang: Lang) -> Result<String, HighlightError> {
        self.marked(code, lang, &[])
    }

    /// As [`Highlighter::html`], with the byte ranges `marks` of `code` wrapped in `<span class="d">` (what
    /// differs between backends, see [`tokendiff`](super::tokendiff)).
    ///
    /// # Errors
    ///
    /// [`HighlightError`] if the grammar fails on this text.
    pub fn marked(&self, code: &str, lang: Lang, marks: &[Range<usize>]) -> Result<String, HighlightError> {
        let Some(syntax) = self.syntax(lang) else {
            return Ok(lines(&mark(&escape(code), marks), code));
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .map_err(|error| HighlightError { lang, message: error.to_string() })?;
        }
        Ok(lines(&mark(&generator.finalize(), marks), code))
    }
}

/// Wraps the text of `html` at the source byte ranges `marks` in `<span class="d">`, closed before every tag
/// and newline and opened again after, so the spans stay nested in the grammar's. An entity (`&lt;`) is one
/// byte of the source.
fn mark(html: &str, marks: &[Range<usize>]) -> String {
    if marks.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + marks.len() * 40);
    let mut at = 0; // the source byte offset of the next text character
    let mut open = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let (piece, length, text) = match c {
            '<' => (&rest[..rest.find('>').map_or(rest.len(), |end| end + 1)], 0, false),
            '\n' => (&rest[..1], 1, false),
            '&' => (&rest[..rest.find(';').map_or(1, |end| end + 1)], 1, true),
            c => (&rest[..c.len_utf8()], c.len_utf8(), true),
        };
        let wanted = text && marks.iter().any(|range| range.contains(&at));
        if open && !wanted {
            out.push_str("</span>");
            open = false;
        } else if wanted && !open {
            out.push_str("<span class=\"d\">");
            open = true;
        }
        out.push_str(piece);
        at += length;
        rest = &rest[piece.len()..];
    }
    if open {
        out.push_str("</span>");
    }
    out
}

/// Puts each source line of highlighted `html` in its own `<span class="line" style="--i:N">`, N being the
/// line's indentation, so the stylesheet can wrap a long line with a hanging indent under its own start instead
/// of at the left margin (where a continuation would read as a new line). The grammar's spans may cross lines
/// (a docstring, a block comment): they are closed at each line's end and opened again on the next.
pub fn lines(html: &str, source: &str) -> String {
    let indents: Vec<usize> = source
        .lines()
        .map(|line| line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum())
        .collect();
    let start = |out: &mut String, number: usize, open: &[&str]| {
        out.push_str(&format!("<span class=\"line\" style=\"--i:{}\">", indents.get(number).copied().unwrap_or(0)));
        open.iter().for_each(|tag| out.push_str(tag));
    };
    let mut out = String::with_capacity(html.len() * 5 / 4);
    let mut open: Vec<&str> = Vec::new();
    let mut number = 0;
    let mut rest = html;
    let mut in_line = false;
    while !rest.is_empty() {
        if !in_line {
            if rest.trim_start_matches("</span>").is_empty() {
                break; // the grammar's spans closing after the last newline: closed with that line already
            }
            start(&mut out, number, &open);
            in_line = true;
        }
        if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            open.push(&rest[..end]);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("</span>") {
            open.pop();
            out.push_str("</span>");
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\n') {
            out.push_str(&"</span>".repeat(open.len() + 1));
            number += 1;
            in_line = false;
            rest = after;
        } else {
            let end = rest.find(['<', '\n']).unwrap_or(rest.len()).max(1);
            let end = (1..=end).rev().find(|&end| rest.is_char_boundary(end)).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    if in_line {
        out.push_str(&"</span>".repeat(open.len() + 1));
    }
    out
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// The colours of the highlighted code: the light theme, and the dark one for a reader whose system asks for it.
pub fn css() -> Result<String, HighlightError> {
    let themes = ThemeSet::load_defaults();
    let theme_css = |name: &str| {
        let failed = |message: String| HighlightError { lang: Lang::Plain, message };
        let theme = themes.themes.get(name).ok_or_else(|| failed(format!("syntect has no theme '{name}'")))?;
        css_for_theme_with_class_style(theme, STYLE).map_err(|error| failed(error.to_string()))
    };
    // Each theme only under its own scheme: a scope the dark theme leaves uncoloured must not keep the light
    // theme's (dark) colour.
    Ok(format!(
        "@media (prefers-color-scheme: light) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        theme_css(LIGHT_THEME)?,
        theme_css(DARK_THEME)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_its_own_balanced_block() {
        let html = "<span class=\"a\">x\n  <span class=\"b\">y</span>\n</span>z\n";
        assert_eq!(
            lines(html, "x\n  y\nz\n"),
            "<span class=\"line\" style=\"--i:0\"><span class=\"a\">x</span></span>\
             <span class=\"line\" style=\"--i:2\"><span class=\"a\">  <span class=\"b\">y</span></span></span>\
             <span class=\"line\" style=\"--i:0\"><span class=\"a\"></span>z</span>"
        );
        let highlighted = Highlighter::new().html("fn main() {\n    let s = \"a\\nb\";\n}\n", Lang::Rust);
        let highlighted = highlighted.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(highlighted.matches("class=\"line\"").count(), 3);
        assert_eq!(highlighted.matches("<span").count(), highlighted.matches("</span>").count());
    }

    #[test]
    fn marks_wrap_source_ranges_inside_the_grammars_spans() {
        assert_eq!(
            mark("<b>a &lt;</b>c\nd", &[Range { start: 2, end: 5 }]),
            "<b>a <span class=\"d\">&lt;</span></b><span class=\"d\">c</span>\nd"
        );
        let code = "let x = yield v;\n";
        let html = Highlighter::new()
            .marked(code, Lang::Rust, &[Range { start: 8, end: 13 }])
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(html.contains("<span class=\"d\">yield</span>"), "{html}");
    }
}
