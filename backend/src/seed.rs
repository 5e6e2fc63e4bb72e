//! Demo data for `cargo xtask dev`: loaded only into a database that has no data at
//! all, so it can never mix with or overwrite real data. Later features extend
//! [`seed_if_empty`] with their own collections.

use chrono::{Duration, Utc};
use mongodb::bson::DateTime;

use crate::db::users::{self, UserDoc};
use crate::db::Db;

/// (name, username, location, bio, website, reputation, days since joining)
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    i64,
);

const DEMO_USERS: &[DemoUser] = &[
    (
        "Ada Lovelace",
        "ada",
        "London, UK",
        "Analytical engines, notes G and beyond. Rust since 1.0.",
        Some("https://example.org/ada"),
        4820,
        410,
    ),
    (
        "Linus Svensson",
        "linus_s",
        "Stockholm, Sweden",
        "Kernel hacker by day, async Rust by night.",
        None,
        3175,
        350,
    ),
    (
        "Grace Hopper",
        "grace",
        "Arlington, VA",
        "Compilers, COBOL and nanoseconds of wire.",
        Some("https://example.org/grace"),
        2960,
        300,
    ),
    (
        "Priya Raman",
        "priya_r",
        "Bengaluru, India",
        "Backend engineer; MongoDB aggregation pipelines are my happy place.",
        None,
        1890,
        220,
    ),
    (
        "Mateo García",
        "mateo",
        "Valencia, Spain",
        "Frontend dev moving from React to Yew.",
        Some("https://example.org/mateo"),
        1240,
        180,
    ),
    (
        "Amara Okafor",
        "amara",
        "Lagos, Nigeria",
        "Building payments at scale. Ask me about idempotency keys.",
        None,
        985,
        150,
    ),
    (
        "Kenji Watanabe",
        "kenji_w",
        "Osaka, Japan",
        "Embedded Rust and WebAssembly tinkerer.",
        None,
        720,
        120,
    ),
    (
        "Sofia Rossi",
        "sofia",
        "Milan, Italy",
        "Data engineer. SQL, Rust, and too much espresso.",
        None,
        455,
        90,
    ),
    (
        "Noah Fischer",
        "noahf",
        "Berlin, Germany",
        "Learning Rocket one route at a time.",
        None,
        210,
        60,
    ),
    (
        "Chloé Martin",
        "chloe_m",
        "Lyon, France",
        "CS student; first open-source PR merged last week!",
        None,
        95,
        30,
    ),
    (
        "Yusuf Demir",
        "yusuf",
        "Istanbul, Türkiye",
        "DevOps, Kubernetes, and webhooks that never get lost.",
        None,
        40,
        12,
    ),
    (
        "Lena Novak",
        "lena",
        "Ljubljana, Slovenia",
        "Just joined. Hello, DevFlow!",
        None,
        0,
        2,
    ),
];

/// The demo users, with ids, dates and generated avatars filled in.
pub fn demo_users() -> Vec<UserDoc> {
    let now = Utc::now();
    DEMO_USERS
        .iter()
        .map(
            |&(name, username, location, bio, website, reputation, days)| UserDoc {
                email: Some(format!("{username}@example.com")),
                bio: Some(bio.to_owned()),
                location: Some(location.to_owned()),
                portfolio_website: website.map(str::to_owned),
                reputation,
                ..UserDoc::new(
                    format!("user_demo_{username}"),
                    name,
                    username,
                    DateTime::from_chrono(now - Duration::days(days)),
                )
            },
        )
        .collect()
}

/// Loads the demo data set when, and only when, the database holds no data at all.
/// Returns whether it seeded.
pub async fn seed_if_empty(db: &Db) -> mongodb::error::Result<bool> {
    if db.has_any_data().await? {
        tracing::info!("database already has data; demo data not loaded");
        return Ok(false);
    }
    let users = demo_users();
    users::insert_users(db, &users).await?;
    tracing::info!(users = users.len(), "loaded demo data");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_usernames_and_clerk_ids_are_unique() {
        let users = demo_users();
        let mut usernames: Vec<_> = users.iter().map(|u| &u.username).collect();
        usernames.sort();
        usernames.dedup();

        assert_eq!(usernames.len(), users.len());
    }

    #[test]
    fn every_demo_user_has_an_offline_picture() {
        assert!(demo_users()
            .iter()
            .all(|u| u.picture.starts_with("data:image/svg+xml,")));
    }
}
