//! Sitemaps (sitemaps.org 0.9) and `robots.txt`, as pure text builders. A sitemap
//! holds at most [`MAX_URLS`] addresses; past that `/sitemap.xml` becomes an index of
//! numbered pages, each section (questions, tags, profiles) paged on its own.

use chrono::{DateTime, SecondsFormat, Utc};
use shared::html::escape;

/// The most addresses one sitemap file may list (the protocol's limit).
pub const MAX_URLS: u64 = 50_000;

/// One address in a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// When its content last changed.
    pub lastmod: Option<DateTime<Utc>>,
}

/// What a sitemap lists, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The home list and other fixed pages.
    Pages,
    /// Every question.
    Questions,
    /// Every tag with questions.
    Tags,
    /// Every profile.
    Profiles,
}

impl Section {
    /// Every section, in sitemap order.
    pub const ALL: [Self; 4] = [Self::Pages, Self::Questions, Self::Tags, Self::Profiles];

    /// The name in page file names (`/sitemaps/questions-1.xml`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Pages => "pages",
            Self::Questions => "questions",
            Self::Tags => "tags",
            Self::Profiles => "profiles",
        }
    }

    /// Parses a page file name: `questions-2.xml` → (Questions, 2).
    pub fn parse_page(file: &str) -> Option<(Self, u64)> {
        let stem = file.strip_suffix(".xml")?;
        let (name, page) = stem.rsplit_once('-')?;
        let section = Self::ALL.into_iter().find(|s| s.name() == name)?;
        let page: u64 = page.parse().ok().filter(|p| *p >= 1)?;
        Some((section, page))
    }
}

/// The fixed pages every sitemap starts with.
pub const FIXED_PAGES: [&str; 3] = ["/", "/community", "/tags"];

/// A `<urlset>` of `urls`.
pub fn urlset(urls: &[SitemapUrl]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&url.loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = url.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&lastmod.to_rfc3339_opts(SecondsFormat::Secs, true));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A `<sitemapindex>` of the page files' absolute URLs.
pub fn index(locs: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in locs {
        xml.push_str("  <sitemap><loc>");
        xml.push_str(&escape(loc));
        xml.push_str("</loc></sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// The page files of each section with `count` entries.
pub fn pages(count: u64) -> u64 {
    count.div_ceil(MAX_URLS).max(1)
}

/// `robots.txt`: everything public may be crawled; the API, sign-in and pages that
/// need a user may not.
pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /sign-in\nDisallow: /sign-up\n\
         Disallow: /profile/edit\nDisallow: /ask-question\nDisallow: /collection\n\
         Disallow: /search\n\nSitemap: {base}/sitemap.xml\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlset_escapes_addresses_and_dates_are_w3c() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let xml = urlset(&[SitemapUrl {
            loc: "https://d.example/tags/c%2B%2B?a=1&b=2".into(),
            lastmod: Some(at),
        }]);
        assert!(xml.contains("<loc>https://d.example/tags/c%2B%2B?a=1&amp;b=2</loc>"));
        assert!(xml.contains("<lastmod>2026-11-28T10:00:00Z</lastmod>"));
        assert!(xml.starts_with("<?xml"));
    }

    #[test]
    fn an_index_lists_its_pages() {
        let xml = index(&["https://d.example/sitemaps/questions-1.xml".into()]);
        assert!(xml.contains("<sitemapindex"));
        assert!(xml
            .contains("<sitemap><loc>https://d.example/sitemaps/questions-1.xml</loc></sitemap>"));
    }

    #[test]
    fn sections_page_at_fifty_thousand() {
        assert_eq!(pages(0), 1);
        assert_eq!(pages(50_000), 1);
        assert_eq!(pages(50_001), 2);
        assert_eq!(
            Section::parse_page("questions-2.xml"),
            Some((Section::Questions, 2))
        );
        assert_eq!(
            Section::parse_page("profiles-1.xml"),
            Some((Section::Profiles, 1))
        );
        for bad in [
            "questions-0.xml",
            "questions.xml",
            "nope-1.xml",
            "tags-x.xml",
            "tags-1",
        ] {
            assert_eq!(Section::parse_page(bad), None, "{bad}");
        }
    }

    #[test]
    fn robots_keep_crawlers_off_the_api_and_point_to_the_sitemap() {
        let text = robots("https://d.example");
        assert!(text.contains("Disallow: /api/"));
        assert!(text.contains("Sitemap: https://d.example/sitemap.xml"));
    }
}
