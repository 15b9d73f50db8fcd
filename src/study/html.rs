//! The few HTML helpers the pages share: escaping, and the page around the content.

/// `text` with `& < > " '` escaped, for element content and attribute values alike.
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

/// A whole page: the one stylesheet (no script, no font, nothing from the network), `nav` at the top, `body`
/// in `<main>`.
pub fn page(title: &str, nav: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"study.css\">\n</head>\n<body>\n<header class=\"top\"><nav>{nav}</nav></header>\n\
         <main>\n{body}\n</main>\n<footer>Written by <code>final-frontier study</code> from the sources, the Python \
         twins and real runs of the samples; it reads without a network and without scripts.</footer>\n\
         </body>\n</html>\n",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("a < b && \"c\" > 'd'"), "a &lt; b &amp;&amp; &quot;c&quot; &gt; &#39;d&#39;");
    }
}
