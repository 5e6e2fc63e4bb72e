//! A minimal HTTP/1.1 client over `std::net` for talking to a local backend (`http://`
//! only), so the tools need no HTTP stack of their own.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// A parsed `http://host:port/path` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub port: u16,
    pub path: String,
}

/// Parses an `http://` URL (no TLS: the tools talk to a local or tunnelled backend).
pub fn parse_url(url: &str) -> Result<Url> {
    let Some(rest) = url.strip_prefix("http://") else {
        bail!("only http:// URLs are supported, got {url:?}");
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (
            host,
            port.parse()
                .with_context(|| format!("bad port in {url:?}"))?,
        ),
        None => (authority, 80),
    };
    if host.is_empty() {
        bail!("no host in {url:?}");
    }
    Ok(Url {
        host: host.to_owned(),
        port,
        path: path.to_owned(),
    })
}

/// Sends a GET for `path_and_query` on `url`'s host and returns (status, body).
pub fn get(url: &Url, path_and_query: &str) -> Result<(u16, String)> {
    request(
        "GET",
        &Url {
            path: path_and_query.to_owned(),
            ..url.clone()
        },
        &[],
        b"",
    )
}

/// Sends a POST and returns (status, body).
pub fn post(url: &Url, headers: &[(&str, String)], body: &[u8]) -> Result<(u16, String)> {
    request("POST", url, headers, body)
}

fn request(
    method: &str,
    url: &Url,
    headers: &[(&str, String)],
    body: &[u8],
) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect((url.host.as_str(), url.port))
        .with_context(|| format!("connect to {}:{}", url.host, url.port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!(
        "{method} {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        url.path,
        url.host,
        url.port,
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("malformed HTTP response")?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_into_host_port_and_path() {
        assert_eq!(
            parse_url("http://127.0.0.1:8000/api/webhooks/clerk").expect("valid"),
            Url {
                host: "127.0.0.1".into(),
                port: 8000,
                path: "/api/webhooks/clerk".into()
            }
        );
        assert_eq!(parse_url("http://example.org").expect("valid").port, 80);
        assert!(parse_url("https://example.org").is_err());
        assert!(parse_url("http://:80/").is_err());
    }
}
