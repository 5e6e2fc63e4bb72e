//! HTTP compression. Which encoding a client accepts (`Accept-Encoding`), and a
//! fairing that compresses dynamic text responses (API JSON, HTML) over
//! [`MIN_COMPRESSED_BYTES`] with brotli or gzip. Static assets are compressed at build
//! time instead (see [`crate::spa`]), at the highest levels, once.

use std::io::{Cursor, Write};

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Status};
use rocket::request::{FromRequest, Outcome};
use rocket::{Request, Response};

/// Bodies smaller than this go out as they are: compressing them saves less than the
/// header costs.
pub const MIN_COMPRESSED_BYTES: usize = 1024;
/// Brotli quality for responses compressed per request: fast, still well ahead of
/// gzip on JSON (11, the maximum, is for build time).
const DYNAMIC_BROTLI_QUALITY: u32 = 5;
/// Brotli window (log2 bytes).
const BROTLI_WINDOW: u32 = 22;

/// A content encoding DevFlow produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
}

impl Encoding {
    /// The token in `Accept-Encoding` / `Content-Encoding`.
    pub fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The file extension of a pre-compressed variant (`app.wasm.br`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gz",
        }
    }
}

/// The encodings an `Accept-Encoding` header allows, best first: by the client's
/// weights, brotli before gzip on a tie. `q=0` refuses one; `*` stands for any not
/// named; no header (or `identity`) means none.
pub fn accepted(header: Option<&str>) -> Vec<Encoding> {
    let Some(header) = header else {
        return Vec::new();
    };
    let mut weights: Vec<(String, f32)> = Vec::new();
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let token = pieces
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if token.is_empty() {
            continue;
        }
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        weights.push((token, q));
    }
    let weight = |token: &str| {
        weights
            .iter()
            .find(|(t, _)| t == token || (token == "gzip" && t == "x-gzip"))
            .or_else(|| weights.iter().find(|(t, _)| t == "*"))
            .map_or(0.0, |(_, q)| *q)
    };
    let mut encodings: Vec<(Encoding, f32)> = [Encoding::Brotli, Encoding::Gzip]
        .into_iter()
        .map(|e| (e, weight(e.token())))
        .filter(|(_, q)| *q > 0.0)
        .collect();
    // Stable: brotli stays first when the weights are equal.
    encodings.sort_by(|(_, a), (_, b)| b.total_cmp(a));
    encodings.into_iter().map(|(e, _)| e).collect()
}

/// The encodings the request accepts, best first (a guard that never fails).
#[derive(Debug, Clone, Default)]
pub struct AcceptEncoding(pub Vec<Encoding>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AcceptEncoding {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Self(accepted(request.headers().get_one("Accept-Encoding"))))
    }
}

/// Compresses `body` with `encoding` at the per-request level.
pub fn compress(encoding: Encoding, body: &[u8]) -> std::io::Result<Vec<u8>> {
    match encoding {
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body)?;
            encoder.finish()
        }
        Encoding::Brotli => {
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(
                    &mut out,
                    4096,
                    DYNAMIC_BROTLI_QUALITY,
                    BROTLI_WINDOW,
                );
                writer.write_all(body)?;
            }
            Ok(out)
        }
    }
}

/// Whether a media type is text worth compressing.
fn compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json" | "application/javascript" | "application/xml" | "image/svg+xml"
        )
}

/// Compresses dynamic text responses over [`MIN_COMPRESSED_BYTES`] by the client's
/// `Accept-Encoding`, and marks every compressible response `Vary: Accept-Encoding`
/// so caches keep the variants apart. Responses that already carry a
/// `Content-Encoding` (pre-compressed files) are left alone.
pub struct Compression;

#[rocket::async_trait]
impl Fairing for Compression {
    fn info(&self) -> Info {
        Info {
            name: "Response compression",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if response.headers().contains("Content-Encoding")
            || matches!(response.status(), Status::NoContent | Status::NotModified)
        {
            return;
        }
        let Some(content_type) = response.content_type() else {
            return;
        };
        if !compressible(&content_type.to_string()) {
            return;
        }
        response.adjoin_header(Header::new("Vary", "Accept-Encoding"));
        let Some(encoding) = accepted(request.headers().get_one("Accept-Encoding"))
            .into_iter()
            .next()
        else {
            return;
        };
        // Only sized bodies (JSON, rendered HTML): a stream is left as it is.
        if response.body().preset_size().is_none() {
            return;
        }
        let body = match response.body_mut().to_bytes().await {
            Ok(body) => body,
            Err(error) => {
                tracing::warn!(error = %error, "could not read a response body to compress");
                return;
            }
        };
        let compressed = if body.len() >= MIN_COMPRESSED_BYTES {
            compress(encoding, &body).ok()
        } else {
            None
        };
        match compressed {
            Some(compressed) => {
                response.set_header(Header::new("Content-Encoding", encoding.token()));
                // A strong tag names one representation's bytes, so each encoding
                // gets its own; `caching` strips the suffix again when comparing.
                if let Some(tag) = response.headers().get_one("ETag").map(str::to_owned) {
                    response.set_header(Header::new(
                        "ETag",
                        crate::caching::with_encoding_suffix(&tag, encoding),
                    ));
                }
                response.set_sized_body(compressed.len(), Cursor::new(compressed));
            }
            None => response.set_sized_body(body.len(), Cursor::new(body)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_headers_pick_the_best_allowed_encoding() {
        use Encoding::{Brotli, Gzip};
        let cases: [(Option<&str>, Vec<Encoding>); 9] = [
            (None, vec![]),
            (Some("identity"), vec![]),
            (Some("gzip, deflate, br"), vec![Brotli, Gzip]),
            (Some("gzip"), vec![Gzip]),
            (Some("br;q=0, gzip"), vec![Gzip]),
            (Some("gzip;q=1.0, br;q=0.5"), vec![Gzip, Brotli]),
            (Some("*"), vec![Brotli, Gzip]),
            (Some("*;q=0.1, br;q=0"), vec![Gzip]),
            (Some("x-gzip"), vec![Gzip]),
        ];
        for (header, expected) in cases {
            assert_eq!(accepted(header), expected, "{header:?}");
        }
    }

    #[test]
    fn both_encodings_round_trip() {
        use std::io::Read;
        let body = "{\"items\": []} ".repeat(200);
        let gz = compress(Encoding::Gzip, body.as_bytes()).expect("gzip");
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut text)
            .expect("gunzip");
        assert_eq!(text, body);
        let br = compress(Encoding::Brotli, body.as_bytes()).expect("brotli");
        let mut text = String::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_string(&mut text)
            .expect("unbrotli");
        assert_eq!(text, body);
        assert!(br.len() < body.len() / 10);
    }

    #[test]
    fn only_text_types_are_compressible() {
        for yes in [
            "application/json",
            "text/html; charset=utf-8",
            "image/svg+xml",
            "application/problem+json",
        ] {
            assert!(compressible(yes), "{yes}");
        }
        for no in ["application/wasm", "image/png", "application/octet-stream"] {
            assert!(!compressible(no), "{no}");
        }
    }
}
