//! `cargo xtask precompress [DIR]`: writes `.br` (brotli, quality 11) and `.gz` (gzip,
//! level 9) beside every text and WebAssembly file of a built SPA, so the backend sends
//! the smallest variant a browser accepts without compressing per request. Trunk runs
//! it as a post-build hook on release builds (`Trunk.toml`), on its staging folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Extensions worth compressing (already-compressed formats are not).
const COMPRESSIBLE: [&str; 9] = [
    "wasm", "js", "css", "html", "svg", "json", "txt", "xml", "map",
];

/// The files of `dir` (recursively) that get compressed variants.
fn compressible_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(compressible_files(&path)?);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(files)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Brotli at its highest quality and window.
pub fn brotli_max(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 24);
        writer.write_all(data)?;
    }
    Ok(out)
}

/// Gzip at its highest level.
pub fn gzip_max(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// Writes the variants for every compressible file in `dir`.
pub fn precompress(dir: &Path) -> Result<()> {
    for file in compressible_files(dir)? {
        let data = fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        fs::write(with_suffix(&file, ".br"), brotli_max(&data)?)?;
        fs::write(with_suffix(&file, ".gz"), gzip_max(&data)?)?;
    }
    Ok(())
}

/// The command: the folder is the argument, else trunk's staging folder (hooks get it
/// as `TRUNK_STAGING_DIR`); nothing to do for trunk's debug builds.
pub fn main(args: &[String]) -> Result<()> {
    if std::env::var("TRUNK_PROFILE").is_ok_and(|profile| profile != "release") {
        return Ok(());
    }
    let dir = match args.first() {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(
            std::env::var("TRUNK_STAGING_DIR")
                .context("give the folder to compress, or run as a trunk hook")?,
        ),
    };
    precompress(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_written_for_text_and_wasm_only() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("devflow-precompress-{}", std::process::id()));
        fs::create_dir_all(dir.join("snippets"))?;
        fs::write(dir.join("app.js"), "console.log('hi');".repeat(100))?;
        fs::write(dir.join("snippets").join("x.css"), "a{}".repeat(100))?;
        fs::write(dir.join("logo.png"), [0_u8; 64])?;
        precompress(&dir)?;
        for file in [
            "app.js.br",
            "app.js.gz",
            "snippets/x.css.br",
            "snippets/x.css.gz",
        ] {
            assert!(dir.join(file).is_file(), "{file}");
        }
        assert!(!dir.join("logo.png.br").exists());
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(fs::read(dir.join("app.js.gz"))?.as_slice()),
            &mut text,
        )?;
        assert_eq!(text, "console.log('hi');".repeat(100));
        fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
