//! Generates the parts of the module docs that must not drift from the files they show:
//!
//! - **`## Output`**: `tests/snapshots/NAME.snap` (insta's header, then the transcript) becomes
//!   `$OUT_DIR/output/NAME.md`; a sample's module doc ends with
//!   `#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/NAME.md"))]`.
//! - **The Python twin's code**: for `python/NAME.py`, `$OUT_DIR/python/NAME.md` is the whole program above the
//!   plumbing marker, and `$OUT_DIR/python/NAME/ITEM.md` each of its top-level `def`s and `class`es, as
//!   ```` ```python ```` blocks. A module doc shows Python only this way, between its paragraphs:
//!   `#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline1/Task.md"))]`. A doc that names an item the
//!   twin no longer has fails to build, so docs and twins cannot drift apart.
//!
//! Both formats are read by `src/source_files.rs`, the crate's one reader of them, included here by path.

use std::path::Path;
use std::{env, fs, io};

#[path = "src/source_files.rs"]
mod source_files;

fn main() -> io::Result<()> {
    let out_dir = env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("cargo did not set OUT_DIR"))?;
    let out_dir = Path::new(&out_dir);
    println!("cargo::rerun-if-changed=src/source_files.rs");
    outputs(Path::new("tests/snapshots"), &out_dir.join("output"))?;
    twins(Path::new("python"), &out_dir.join("python"))
}

/// `(name, path)` of each file in `dir` ending in `.extension`, sorted; each one is watched for changes.
fn files(dir: &Path, extension: &str) -> io::Result<Vec<(String, std::path::PathBuf)>> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if let (Some(name), Some(ext)) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|e| e.to_str()))
            && ext == extension
        {
            println!("cargo::rerun-if-changed={}", path.display());
            found.push((name.to_string(), path.clone()));
        }
    }
    found.sort();
    Ok(found)
}

fn outputs(snapshots: &Path, out: &Path) -> io::Result<()> {
    fs::create_dir_all(out)?;
    for (name, path) in files(snapshots, "snap")? {
        let snapshot = fs::read_to_string(&path)?;
        let markdown = format!(
            "\n## Output\n\nWhat `final-frontier run {name}` prints on every backend, and `python3 python/{name}.py` \
             too (from `tests/snapshots/{name}.snap`; timings appear as `[elapsed]`):\n\n```text\n{}```\n",
            source_files::snapshot_transcript(&snapshot)
        );
        fs::write(out.join(format!("{name}.md")), markdown)?;
    }
    Ok(())
}

fn twins(python: &Path, out: &Path) -> io::Result<()> {
    for (name, path) in files(python, "py")? {
        let twin = fs::read_to_string(&path)?;
        let dir = out.join(&name);
        fs::create_dir_all(&dir)?;
        let block = |code: &str| format!("\n```python\n{code}\n```\n\n");
        fs::write(out.join(format!("{name}.md")), block(source_files::program(&twin)))?;
        for item in source_files::items(&twin) {
            fs::write(dir.join(format!("{}.md", item.name)), block(&item.text))?;
        }
    }
    Ok(())
}
