//! `/robots.txt`, `/sitemap.xml` and its pages (`/sitemaps/{section}-{n}.xml`) past
//! 50,000 addresses: what search engines need to find every question, tag and profile.

use rocket::http::{ContentType, Header};
use rocket::State;

use crate::config::Settings;
use crate::db::{questions, tags, users, Db};
use crate::domain::sitemap::{self, Section, SitemapUrl, FIXED_PAGES, MAX_URLS};
use crate::error::{ApiError, ApiResult};

/// A crawler-facing text response, cacheable for an hour.
#[derive(rocket::Responder)]
pub struct Crawlable {
    body: (ContentType, String),
    cache: Header<'static>,
}

impl Crawlable {
    fn new(content_type: ContentType, body: String) -> Self {
        Self {
            body: (content_type, body),
            cache: Header::new("Cache-Control", "public, max-age=3600"),
        }
    }
}

/// How many entries each section has.
async fn count(db: &Db, section: Section) -> mongodb::error::Result<u64> {
    match section {
        Section::Pages => Ok(FIXED_PAGES.len() as u64),
        Section::Questions => questions::count_questions(db).await,
        Section::Tags => tags::count_listed_tags(db).await,
        Section::Profiles => users::count_users(db).await,
    }
}

/// The addresses of one page of a section.
async fn section_urls(
    db: &Db,
    base: &str,
    section: Section,
    page: u64,
) -> mongodb::error::Result<Vec<SitemapUrl>> {
    let skip = (page - 1) * MAX_URLS;
    let limit = MAX_URLS as i64;
    let url = |path: String| SitemapUrl {
        loc: format!("{base}{path}"),
        lastmod: None,
    };
    Ok(match section {
        Section::Pages if page == 1 => FIXED_PAGES.iter().map(|p| url((*p).to_owned())).collect(),
        Section::Pages => Vec::new(),
        Section::Questions => questions::list_question_stamps(db, skip, limit)
            .await?
            .into_iter()
            .map(|q| SitemapUrl {
                loc: format!(
                    "{base}{}",
                    shared::search::question_url(&q.id, &shared::questions::slug(&q.title))
                ),
                lastmod: Some(q.updated_at.unwrap_or(q.created_at).to_chrono()),
            })
            .collect(),
        Section::Tags => tags::list_listed_tag_names(db, skip, limit)
            .await?
            .into_iter()
            .map(|name| url(format!("/tags/{}", shared::url::encode_segment(&name))))
            .collect(),
        Section::Profiles => users::list_clerk_ids(db, skip, limit)
            .await?
            .into_iter()
            .map(|id| url(format!("/profile/{}", shared::url::encode_segment(&id))))
            .collect(),
    })
}

/// Crawling rules and where the sitemap is.
#[rocket::get("/robots.txt")]
pub fn robots(settings: &State<Settings>) -> Crawlable {
    Crawlable::new(
        ContentType::Plain,
        sitemap::robots(&settings.public_origin()),
    )
}

/// Every public page; an index of numbered pages once there are more than 50,000.
#[rocket::get("/sitemap.xml")]
pub async fn sitemap_xml(settings: &State<Settings>, db: &State<Db>) -> ApiResult<Crawlable> {
    let base = settings.public_origin();
    let mut counts = Vec::new();
    for section in Section::ALL {
        counts.push((section, count(db, section).await?));
    }
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let xml = if total <= MAX_URLS {
        let mut urls = Vec::new();
        for section in Section::ALL {
            urls.extend(section_urls(db, &base, section, 1).await?);
        }
        sitemap::urlset(&urls)
    } else {
        let locs: Vec<String> = counts
            .iter()
            .flat_map(|(section, n)| {
                (1..=sitemap::pages(*n))
                    .map(|page| format!("{base}/sitemaps/{}-{page}.xml", section.name()))
            })
            .collect();
        sitemap::index(&locs)
    };
    Ok(Crawlable::new(ContentType::XML, xml))
}

/// One page of a section, named in the index (`questions-2.xml`).
#[rocket::get("/sitemaps/<file>")]
pub async fn sitemap_page(
    file: &str,
    settings: &State<Settings>,
    db: &State<Db>,
) -> ApiResult<Crawlable> {
    let (section, page) = Section::parse_page(file)
        .ok_or_else(|| ApiError::NotFound(format!("No sitemap is named {file}.")))?;
    let urls = section_urls(db, &settings.public_origin(), section, page).await?;
    if urls.is_empty() && page > 1 {
        return Err(ApiError::NotFound(format!("No sitemap is named {file}.")));
    }
    Ok(Crawlable::new(ContentType::XML, sitemap::urlset(&urls)))
}

/// Routes mounted at `/`.
pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![robots, sitemap_xml, sitemap_page]
}
