//! Cuts a sample's source file into what its page shows: the module doc, the three backend modules item by item,
//! and the rest of the file (the shared code).
//!
//! The file is parsed with `syn`; each piece is then sliced from the original text by its span (`proc-macro2`'s
//! `span-locations`), so comments and formatting survive and the page can never drift from the code. Nothing here
//! counts lines.

use std::ops::Range;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Attribute, Expr, Item, Lit, Meta, UseTree};

use crate::backend::Backend;

/// A source file that is not Rust `syn` can parse.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    /// Where (1-based line, 1-based column).
    pub line: usize,
    /// Where.
    pub column: usize,
    /// What `syn` said.
    pub message: String,
}

/// One item of a backend module, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The item's name (`timethis`, `impl Task`), the key that aligns it with the other backends.
    pub name: String,
    /// What kind of item (`fn`, `struct`, `impl`, ...).
    pub kind: &'static str,
    /// Its original text, with its doc and the comments just above it, de-indented.
    pub text: String,
    /// The file it was written in, when not the one being shown (an item re-exported with `pub use`).
    pub from: Option<String>,
}

/// One of `mod native`, `mod stackless`, `mod stackful`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendModule {
    /// Which backend it is the body of.
    pub backend: Backend,
    /// The module's own doc (its `///` lines), Markdown.
    pub doc: String,
    /// Its `use` lines, as written.
    pub imports: String,
    /// Every other item, in the file's order.
    pub items: Vec<Piece>,
    /// Set when the module is declared without a body (`mod native;`): its items live in another file.
    pub out_of_line: bool,
    /// Its `pub use` of another sample's bodies.
    pub reexports: Vec<Reexport>,
}

impl BackendModule {
    /// The names of its items, in order.
    pub fn names(&self) -> Vec<&str> {
        self.items.iter().map(|piece| piece.name.as_str()).collect()
    }
}

/// One aligned row of the side-by-side view: the item called `name` on each backend that has it.
#[derive(Debug)]
pub struct Row<'a> {
    /// The shared name.
    pub name: &'a str,
    /// Per backend, in [`Backend::ALL`]'s order; `None` where that backend has no such item.
    pub cells: [Option<&'a Piece>; 3],
}

/// What a sample's source file holds, cut for its page.
#[derive(Debug)]
pub struct Extracted {
    /// The module doc (its `//!` lines) as Markdown; the generated `## Output` section (an `include_str!`) is
    /// not part of it: the page shows a real run instead.
    pub doc: String,
    /// The backend modules found, per backend in [`Backend::ALL`]'s order.
    pub backends: [Option<BackendModule>; 3],
    /// The rest of the file: every item but the module doc, the backend modules and the unit tests, as written,
    /// with a one-line note where each left-out piece stood.
    pub shared: String,
    /// The names the file imports from its parent module (`use super::{pingpong, Registry}`): where to look
    /// for bodies that several samples share.
    pub from_super: Vec<String>,
    /// Set when the backend modules were taken from another file of the part ([`Extracted::borrow_bodies`]):
    /// that file's path.
    pub bodies_from: Option<String>,
    /// The file's own top-level items outside the backend modules and the tests (no `use` lines), each with its
    /// doc: what a Python item with no per-backend body may match by name.
    pub shared_items: Vec<Piece>,
    /// The top-level items of the file the backend modules were taken from, if they were
    /// ([`Extracted::borrow_bodies`]).
    pub borrowed_items: Vec<Piece>,
}

impl Extracted {
    /// Whether the file has any backend module at all (a plain sample has none).
    pub fn has_backends(&self) -> bool {
        self.backends.iter().any(Option::is_some)
    }

    /// Takes the backend modules of `other` (a file of the same part whose bodies several samples share, as
    /// pingpong.rs holds actor2's, tactor's and actor3's), noting where they come from.
    pub fn borrow_bodies(&mut self, other: Extracted, path: String) {
        self.backends = other.backends;
        self.borrowed_items = other.shared_items;
        self.bodies_from = Some(path);
    }

    /// The backends whose module is missing.
    pub fn missing(&self) -> Vec<Backend> {
        Backend::ALL.into_iter().zip(&self.backends).filter(|(_, module)| module.is_none()).map(|(b, _)| b).collect()
    }

    /// The items of the backend modules aligned by name. Rows follow the items' order in each module: an item
    /// only some backends have gets its own row, right after the row of the item it follows there.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut order: Vec<&str> = Vec::new();
        for module in self.backends.iter().flatten() {
            let mut after: Option<usize> = None;
            for name in module.names() {
                match order.iter().position(|known| *known == name) {
                    Some(index) => after = Some(index),
                    None => {
                        let index = after.map_or(0, |index| index + 1);
                        order.insert(index, name);
                        after = Some(index);
                    }
                }
            }
        }
        order
            .into_iter()
            .map(|name| Row {
                name,
                cells: [0, 1, 2].map(|i| {
                    self.backends[i].as_ref().and_then(|module| module.items.iter().find(|piece| piece.name == name))
                }),
            })
            .collect()
    }
}

/// The place in [`Backend::ALL`] of the backend a module named `name` holds the bodies of.
fn backend_of(name: &str) -> Option<usize> {
    Backend::ALL.iter().position(|backend| backend.name() == name)
}

/// Parses `source` (a sample's `.rs` file) and cuts it up (see the module docs).
pub fn extract(source: &str) -> Result<Extracted, ParseError> {
    let file = syn::parse_file(source).map_err(|error| {
        let start = error.span().start();
        ParseError { line: start.line, column: start.column + 1, message: error.to_string() }
    })?;
    let doc = doc_of(&file.attrs);

    // What the shared code leaves out, as (byte range, note to put there).
    let mut cut: Vec<(Range<usize>, Option<String>)> = Vec::new();
    for attr in file.attrs.iter().filter(|attr| attr.path().is_ident("doc")) {
        cut.push((range_of(attr.to_token_stream(), source), None));
    }
    let mut backends: [Option<BackendModule>; 3] = [None, None, None];
    let mut from_super = Vec::new();
    for item in &file.items {
        if let Item::Use(import) = item {
            if let UseTree::Path(path) = &import.tree
                && path.ident == "super"
            {
                leaf_names(&path.tree, &mut from_super);
            }
            continue;
        }
        let Item::Mod(module) = item else { continue };
        let name = module.ident.to_string();
        if let Some(index) = backend_of(&name) {
            let backend = Backend::ALL[index];
            let (imports, items, reexports, out_of_line) = match &module.content {
                Some((brace, items)) => {
                    let (imports, items, reexports) = pieces(items, brace.span.open().byte_range().end, source);
                    (imports, items, reexports, false)
                }
                None => (String::new(), Vec::new(), Vec::new(), true),
            };
            let doc = doc_of(&module.attrs);
            backends[index] = Some(BackendModule { backend, doc, imports, items, out_of_line, reexports });
            let note = format!("mod {name} {{ … }}  // the {name} bodies: shown above, beside the other backends");
            cut.push((range_of(item.to_token_stream(), source), Some(note)));
        } else if is_cfg_test(&module.attrs) {
            let note = format!("#[cfg(test)] mod {name} {{ … }}  // the unit tests, left out here");
            cut.push((range_of(item.to_token_stream(), source), Some(note)));
        }
    }
    let shared_items = file
        .items
        .iter()
        .filter(|item| match item {
            Item::Use(_) => false,
            Item::Mod(module) => backend_of(&module.ident.to_string()).is_none() && !is_cfg_test(&module.attrs),
            _ => true,
        })
        .map(|item| whole(item, source))
        .collect();
    Ok(Extracted {
        doc,
        backends,
        shared: shared(source, cut),
        from_super,
        bodies_from: None,
        shared_items,
        borrowed_items: Vec::new(),
    })
}

/// An item as written, from its doc to its end, de-indented.
fn whole(item: &Item, source: &str) -> Piece {
    let (kind, name) = name_of(item);
    let range = range_of(item.to_token_stream(), source);
    Piece { name, kind, text: dedent(source.get(range).unwrap_or_default()), from: None }
}

/// The last identifier of a type as written (`Task<G, W>` is `Task`), what an `impl` is matched by.
fn type_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

/// The items of `source` called `name`: with no `::`, every top-level item of that name and every `impl` of a
/// type of that name; `Type::method` is one method of an `impl` of `Type`. Empty when there is none (or the
/// file does not parse).
pub fn lookup(source: &str, name: &str) -> Vec<Piece> {
    let Ok(file) = syn::parse_file(source) else { return Vec::new() };
    let mut found = Vec::new();
    for item in &file.items {
        match (item, name.split_once("::")) {
            (Item::Impl(block), None) if type_ident(&block.self_ty).as_deref() == Some(name) => {
                found.push(whole(item, source));
            }
            (Item::Impl(block), Some((ty, method))) if type_ident(&block.self_ty).as_deref() == Some(ty) => {
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner
                        && f.sig.ident == method
                    {
                        let range = range_of(f.to_token_stream(), source);
                        let text = dedent(&indent_from_line_start(source, range));
                        found.push(Piece { name: name.to_string(), kind: "fn", text, from: None });
                    }
                }
            }
            (_, None) if name_of(item).1 == name => found.push(whole(item, source)),
            _ => {}
        }
    }
    found
}

/// The text of `range`, starting at the beginning of its first line so that de-indenting keeps its shape.
fn indent_from_line_start(source: &str, range: Range<usize>) -> String {
    let start = source.get(..range.start).and_then(|before| before.rfind('\n')).map_or(0, |at| at + 1);
    source.get(start..range.end).unwrap_or_default().to_string()
}

/// The names a `use` tree ends in: `{pingpong, Registry}` gives both; `x::y` gives `x` (the module it goes
/// through is what may hold bodies).
fn leaf_names(tree: &UseTree, names: &mut Vec<String>) {
    match tree {
        UseTree::Name(name) => names.push(name.ident.to_string()),
        UseTree::Rename(rename) => names.push(rename.ident.to_string()),
        UseTree::Path(path) => names.push(path.ident.to_string()),
        UseTree::Group(group) => group.items.iter().for_each(|tree| leaf_names(tree, names)),
        UseTree::Glob(_) => {}
    }
}

/// How a sample's module doc, once read, marks a line where the doc includes a twin's code (build.rs's
/// `include_str!` of `$OUT_DIR/python/...`): `TWIN_CODE` then `NAME` or `NAME/ITEM`.
pub const TWIN_CODE: &str = "\u{0}twin code: ";

/// Replaces each [`TWIN_CODE`] line of `doc` with the code build.rs would have included, as a Python block: the
/// twin's whole program (`NAME`) or one top-level item (`NAME/ITEM`), read from `twin(NAME)`'s text.
pub fn include_twin_code(doc: &str, twin: impl Fn(&str) -> Option<String>) -> String {
    let lines = doc.lines().map(|line| {
        let Some(what) = line.strip_prefix(TWIN_CODE) else { return line.to_string() };
        let (name, item) = what.split_once('/').map_or((what, None), |(name, item)| (name, Some(item)));
        let text = twin(name).unwrap_or_default();
        let code = match item {
            None => Some(crate::source_files::program(&text).to_string()),
            Some(item) => crate::source_files::items(&text).into_iter().find(|i| i.name == item).map(|i| i.text),
        };
        code.map_or_else(String::new, |code| format!("\n```python\n{code}\n```\n"))
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// The Markdown of the `doc` attributes (`///` or `//!` lines) among `attrs`; a `doc` that is not a string
/// literal (the generated Output section's `include_str!`) is skipped, or marked with [`TWIN_CODE`] where it
/// includes a twin's code.
fn doc_of(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                Expr::Lit(lit) => match &lit.lit {
                    Lit::Str(text) => Some(text.value()),
                    _ => None,
                },
                // `include_str!(concat!(env!("OUT_DIR"), "/python/NAME/ITEM.md"))`: build.rs's block of the twin's
                // code, which only build.rs's output holds; marked here, resolved by `include_twin_code`.
                Expr::Macro(call) => {
                    let tokens = call.mac.tokens.to_string();
                    let path = tokens.split('"').find(|part| part.starts_with("/python/"))?;
                    let item = path.strip_prefix("/python/")?.strip_suffix(".md")?;
                    Some(format!("{TWIN_CODE}{item}"))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    // Each `//! text` line is ` text`: drop the one space the comment marker is followed by.
    let lines: Vec<&str> =
        lines.iter().flat_map(|line| line.split('\n')).map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    lines.join("\n")
}

/// Whether an item is `#[cfg(test)]`.
fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.meta.require_list().is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

/// The byte range an item's tokens cover in the source: from its first token (its doc comment or attribute,
/// if any) to its last.
fn range_of(tokens: TokenStream, source: &str) -> Range<usize> {
    let spans: Vec<Span> = tokens.into_iter().map(|tree| tree.span()).collect();
    match (spans.first(), spans.last()) {
        (Some(first), Some(last)) => first.byte_range().start..last.byte_range().end.min(source.len()),
        _ => 0..0,
    }
}

/// The items of a backend module: its `use` lines together, then every other item with its name. Each item's
/// text runs from the end of the one before (so the plain comments just above it come along) to its own end.
fn pieces(items: &[Item], mut from: usize, source: &str) -> (String, Vec<Piece>, Vec<Reexport>) {
    let mut imports = Vec::new();
    let mut pieces = Vec::new();
    let mut reexports = Vec::new();
    for item in items {
        let range = range_of(item.to_token_stream(), source);
        let text = dedent(source.get(from..range.end).unwrap_or_default());
        from = range.end;
        if let Item::Use(import) = item {
            if let (syn::Visibility::Public(_), UseTree::Path(path)) = (&import.vis, &import.tree) {
                // `pub use inline_iter::native::{after, iter}`: the sibling file, and the names at the tree's ends.
                let mut names = Vec::new();
                end_names(&path.tree, &mut names);
                reexports.push(Reexport { module: path.ident.to_string(), names });
            }
            imports.push(text);
            continue;
        }
        let (kind, name) = name_of(item);
        pieces.push(Piece { name, kind, text, from: None });
    }
    (imports.join("\n"), pieces, reexports)
}

/// The names a `use` tree finally imports: `native::{after, iter}` gives `after` and `iter`.
fn end_names(tree: &UseTree, names: &mut Vec<String>) {
    match tree {
        UseTree::Path(path) => end_names(&path.tree, names),
        UseTree::Name(name) => names.push(name.ident.to_string()),
        UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        UseTree::Group(group) => group.items.iter().for_each(|tree| end_names(tree, names)),
        UseTree::Glob(_) => {}
    }
}

/// A `pub use sibling::backend::{names}` in a backend module: items written in another sample's file and shown
/// as this one's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reexport {
    /// The sibling module (a file of the same part).
    pub module: String,
    /// The names re-exported.
    pub names: Vec<String>,
}

/// What kind of item, and the name the backends share for it.
fn name_of(item: &Item) -> (&'static str, String) {
    match item {
        Item::Fn(f) => ("fn", f.sig.ident.to_string()),
        Item::Struct(s) => ("struct", s.ident.to_string()),
        Item::Enum(e) => ("enum", e.ident.to_string()),
        Item::Type(t) => ("type", t.ident.to_string()),
        Item::Const(c) => ("const", c.ident.to_string()),
        Item::Static(s) => ("static", s.ident.to_string()),
        Item::Trait(t) => ("trait", t.ident.to_string()),
        Item::Mod(m) => ("mod", m.ident.to_string()),
        Item::Union(u) => ("union", u.ident.to_string()),
        Item::Impl(i) => {
            let target = i.self_ty.to_token_stream().to_string();
            let name = match &i.trait_ {
                Some((path, _)) => format!("impl {} for {target}", path.to_token_stream()),
                None => format!("impl {target}"),
            };
            ("impl", name)
        }
        Item::Macro(m) => match &m.ident {
            Some(ident) => ("macro", ident.to_string()),
            None => ("macro", m.mac.path.to_token_stream().to_string() + "!"),
        },
        Item::Use(u) => ("use", use_name(&u.tree)),
        _ => ("item", item.to_token_stream().to_string().chars().take(40).collect()),
    }
}

fn use_name(tree: &UseTree) -> String {
    tree.to_token_stream().to_string()
}

/// Removes the leading blank lines and the indentation all lines share.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().skip_while(|line| line.trim().is_empty()).collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = lines.iter().map(|line| line.get(indent..).unwrap_or("")).collect();
    lines.join("\n").trim_end().to_string()
}

/// The source with each cut range replaced by its note (or nothing), and runs of blank lines squeezed to one.
fn shared(source: &str, mut cut: Vec<(Range<usize>, Option<String>)>) -> String {
    cut.sort_by_key(|(range, _)| range.start);
    let mut text = String::new();
    let mut at = 0;
    for (range, note) in cut {
        if range.start < at {
            continue;
        }
        text.push_str(source.get(at..range.start).unwrap_or_default());
        if let Some(note) = note {
            text.push_str(&note);
        }
        at = range.end;
    }
    text.push_str(source.get(at..).unwrap_or_default());
    let mut squeezed = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank <= 1 {
            squeezed.push_str(line.trim_end());
            squeezed.push('\n');
        }
    }
    squeezed
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"//! Doc line one.
//!
//! More.
#![doc = include_str!("x.md")]

use std::fmt;

/// The shared driver.
pub fn run() {}

/// Native bodies.
mod native {
    use super::*;

    /// One.
    pub fn one() -> u8 {
        // a comment inside
        1
    }

    // a plain comment above two
    pub fn two() {}
}

mod stackless {
    use super::*;
    use other::Thing;

    pub fn one() -> u8 { 1 }
    pub fn helper() {}
    pub fn two() {}
}

mod stackful {
    pub fn one() -> u8 { 1 }
    pub fn two() {}
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {}
}
"#;

    #[test]
    fn cuts_by_spans_and_keeps_comments() {
        let extracted = match extract(SOURCE) {
            Ok(extracted) => extracted,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(extracted.doc, "Doc line one.\n\nMore.");
        let [Some(native), Some(stackless), Some(_)] = &extracted.backends else { panic!("three modules") };
        assert_eq!(native.doc, "Native bodies.");
        assert_eq!(native.names(), ["one", "two"]);
        assert_eq!(native.items[0].text, "/// One.\npub fn one() -> u8 {\n    // a comment inside\n    1\n}");
        assert_eq!(native.items[1].text, "// a plain comment above two\npub fn two() {}");
        assert_eq!(stackless.imports, "use super::*;\nuse other::Thing;");
        let rows: Vec<_> = extracted.rows().iter().map(|row| (row.name, row.cells.map(|c| c.is_some()))).collect();
        assert_eq!(rows, [("one", [true, true, true]), ("helper", [false, true, false]), ("two", [true, true, true])]);
        assert!(extracted.shared.starts_with("use std::fmt;"), "{}", extracted.shared);
        assert!(extracted.shared.contains("/// The shared driver.\npub fn run() {}"));
        assert!(extracted.shared.contains("mod native { … }"));
        assert!(extracted.shared.contains("#[cfg(test)] mod tests { … }"));
        assert!(!extracted.shared.contains("fn one"));
        assert!(!extracted.shared.contains("Doc line one"));
    }

    #[test]
    fn a_parse_error_says_where() {
        let error = extract("fn main() {\n    let x = ;\n}\n").err().map(|e| (e.line, e.column));
        assert_eq!(error, Some((2, 13)));
    }

    #[test]
    fn a_doc_shows_the_twin_code_that_build_rs_includes() {
        let source = "//! The Task:\n#![doc = include_str!(concat!(env!(\"OUT_DIR\"), \"/python/inline1/Task.md\"))]\n//! Then.\n";
        let doc = extract(source).map(|extracted| extracted.doc).unwrap_or_default();
        let twin = |name: &str| (name == "inline1").then(|| "import x\n\nclass Task:\n    pass\n".to_string());
        let shown = include_twin_code(&doc, twin);
        assert_eq!(shown, "The Task:\n\n```python\nclass Task:\n    pass\n```\n\nThen.");
    }
}
