//! Percent-encoding, the one encoder for text placed in URLs by hand (path segments,
//! data URIs). Query strings go through `serde_urlencoded` via the query structs.

/// Which characters may stay as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// RFC 3986 unreserved characters only: safe for one path segment (an id can never
    /// add a segment or a query).
    Unreserved,
    /// Unreserved plus the punctuation a data URI may hold unencoded, which keeps
    /// inline SVGs short.
    DataUri,
}

impl Keep {
    fn keeps(self, byte: u8) -> bool {
        byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (self == Keep::DataUri && b"/=:;,'()".contains(&byte))
    }
}

/// Percent-encodes every byte of `text` that `keep` does not allow.
pub fn percent_encode(text: &str, keep: Keep) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if keep.keeps(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

/// Percent-encodes one path segment.
pub fn encode_segment(segment: &str) -> String {
    percent_encode(segment, Keep::Unreserved)
}

/// Decodes `%XX` escapes in a path segment (the inverse of [`encode_segment`]); a
/// malformed escape or invalid UTF-8 is kept as written.
pub fn decode_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_reverses_encoding_and_keeps_malformed_escapes() {
        for text in ["c#", "c++", "a/b c?#", "é", "plain"] {
            assert_eq!(decode_segment(&encode_segment(text)), text);
        }
        assert_eq!(decode_segment("100%"), "100%");
        assert_eq!(decode_segment("%zz"), "%zz");
        assert_eq!(decode_segment("%FF"), "%FF");
    }

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        assert_eq!(encode_segment("user_2abc-x.y~"), "user_2abc-x.y~");
        assert_eq!(encode_segment("a/b c?#"), "a%2Fb%20c%3F%23");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn data_uris_keep_their_punctuation_but_not_markup() {
        assert_eq!(
            percent_encode("<svg a='1'/>", Keep::DataUri),
            "%3Csvg%20a='1'/%3E"
        );
    }
}
