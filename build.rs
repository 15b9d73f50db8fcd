//! Makes each sample's `## Output` doc section from its snapshot, so a module doc shows what the sample prints
//! and cannot drift from it: `tests/snapshots/NAME.snap` (insta's header, then the transcript) becomes
//! `$OUT_DIR/output/NAME.md`, which the sample's module doc includes with
//! `#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/NAME.md"))]`.

use std::path::Path;
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let snapshots = Path::new("tests/snapshots");
    println!("cargo::rerun-if-changed={}", snapshots.display());
    let out_dir = env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("cargo did not set OUT_DIR"))?;
    let output = Path::new(&out_dir).join("output");
    fs::create_dir_all(&output)?;
    for entry in fs::read_dir(snapshots)? {
        let path = entry?.path();
        let (Some(name), Some("snap")) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|e| e.to_str()))
        else {
            continue;
        };
        println!("cargo::rerun-if-changed={}", path.display());
        let snapshot = fs::read_to_string(&path)?;
        // insta's header is a block between two `---` lines; the transcript follows it.
        let transcript = snapshot.splitn(3, "---\n").nth(2).unwrap_or(&snapshot);
        let markdown = format!(
            "\n## Output\n\nWhat `final-frontier run {name}` prints on every backend, and `python3 python/{name}.py` \
             too (from `tests/snapshots/{name}.snap`; timings appear as `[elapsed]`):\n\n```text\n{}```\n",
            transcript
        );
        fs::write(output.join(format!("{name}.md")), markdown)?;
    }
    Ok(())
}
