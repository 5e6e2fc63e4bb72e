//! Tags: the list, one tag, following, and the sidebar's popular tags.

use shared::questions::normalise_tag;
use shared::{FollowState, Page, Tag, TagDetail, TagListQuery};

use super::{ContentError, ContentResult};
use crate::db::tags::{self, TagDoc};
use crate::db::users::UserDoc;
use crate::db::Db;

/// Tags in the sidebar.
pub const POPULAR_TAGS: i64 = 5;

/// One page of tags (only tags that have questions).
pub async fn list_tags(db: &Db, query: &TagListQuery) -> ContentResult<Page<Tag>> {
    let (found, total) = tags::list_tags(db, query).await?;
    let items = found.into_iter().map(Tag::from).collect();
    Ok(Page::new(items, query.page, query.page_size, total))
}

/// The tag named `name` (any case), if it exists and has questions.
pub async fn find_listed_tag(db: &Db, name: &str) -> ContentResult<TagDoc> {
    let not_found = || ContentError::TagNotFound(name.to_owned());
    let normalised = normalise_tag(name).map_err(|_| not_found())?;
    tags::find_tag_by_name(db, &normalised)
        .await?
        .filter(|tag| tag.question_count > 0)
        .ok_or_else(not_found)
}

/// A tag and whether `viewer` follows it.
pub async fn get_tag(db: &Db, name: &str, viewer: Option<&UserDoc>) -> ContentResult<TagDetail> {
    let tag = find_listed_tag(db, name).await?;
    let following = viewer.is_some_and(|user| tag.followers.contains(&user.id));
    Ok(TagDetail {
        tag: Tag::from(tag),
        following,
    })
}

/// Follows the tag, or stops following it if `user` already does. One conditional
/// update moves the list and the count together, so a double click counts once.
pub async fn toggle_follow(db: &Db, name: &str, user: &UserDoc) -> ContentResult<FollowState> {
    let tag = find_listed_tag(db, name).await?;
    let follow = !tag.followers.contains(&user.id);
    let now = tags::set_follower(db, &tag.id, &user.id, follow)
        .await?
        .ok_or_else(|| ContentError::TagNotFound(name.to_owned()))?;
    Ok(FollowState {
        following: now.followers.contains(&user.id),
        followers: u64::try_from(now.follower_count).unwrap_or(0),
    })
}

/// The tags with the most questions.
pub async fn popular_tags(db: &Db) -> ContentResult<Vec<Tag>> {
    let found = tags::list_popular_tags(db, POPULAR_TAGS).await?;
    Ok(found.into_iter().map(Tag::from).collect())
}
