//! The first-load size budget: the gzipped WebAssembly, JavaScript and CSS a new
//! visitor downloads, as `trunk build --release` leaves them in `dist/` (with the
//! `.gz` variants the precompress hook wrote). `cargo xtask test` fails past it.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Bytes allowed: the measured first load plus about 5 % headroom. Raise it only with a
/// reason in the commit message; lower it when the bundle shrinks.
pub const FIRST_LOAD_BUDGET: u64 = 415_000;

/// Gzipped size of each first-load asset (wasm, js, css) in `dist`, by file name.
pub fn first_load(dist: &Path) -> Result<Vec<(String, u64)>> {
    let mut sizes = Vec::new();
    for entry in fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if [".wasm.gz", ".js.gz", ".css.gz"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            sizes.push((name, fs::metadata(&path)?.len()));
        }
    }
    sizes.sort();
    if !sizes.iter().any(|(name, _)| name.ends_with(".wasm.gz")) {
        bail!(
            "no gzipped wasm in {}: did the precompress hook run?",
            dist.display()
        );
    }
    Ok(sizes)
}

/// Checks the budget and says what the first load weighs.
pub fn check(dist: &Path) -> Result<()> {
    let sizes = first_load(dist)?;
    let total: u64 = sizes.iter().map(|(_, size)| size).sum();
    for (name, size) in &sizes {
        crate::shell::note(&format!("{name}: {size} B"));
    }
    crate::shell::note(&format!(
        "first load {total} B gzipped of {FIRST_LOAD_BUDGET} B allowed"
    ));
    if total > FIRST_LOAD_BUDGET {
        bail!(
            "the first load grew to {total} B gzipped, past the {FIRST_LOAD_BUDGET} B budget: \
             find what grew (`twiggy top` on the wasm) before raising the budget"
        );
    }
    Ok(())
}
