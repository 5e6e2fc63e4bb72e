//! Listing, reading, asking, editing, deleting and saving questions.

use mongodb::bson::DateTime;
use shared::questions::normalise_tags;
use shared::{
    AskQuestion, HotQuestion, Page, ProfilePostOrder, ProfilePostsQuery, QuestionDetail,
    QuestionFilter, QuestionListQuery, QuestionSummary, QuestionUpdate, SavedFilter,
    SavedListQuery,
};

use super::dto::Lookups;
use super::reconcile::{self, now_ms};
use super::{check, new_id, ContentError, ContentResult};
use crate::db::interactions::{self, InteractionDoc};
use crate::db::posts::Votes;
use crate::db::questions::{self, QuestionDoc, QuestionEdit, QuestionOrder, QuestionSelection};
use crate::db::users::{self, UserDoc};
use crate::db::{answers, tags, views, Db};
use crate::domain::hot::{hotness, HotInputs};

/// Who is looking at a question, for counting views: a signed-in user, else the
/// visitor's first-party cookie, else their address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// A signed-in user (by user id).
    User(String),
    /// An anonymous visitor's `devflow_visitor` cookie.
    Visitor(String),
    /// An anonymous client without the cookie, by address.
    Address(String),
    /// Nothing identifies the client: no view is counted.
    Unknown,
}

impl Viewer {
    fn key(&self) -> Option<String> {
        match self {
            Self::User(id) => Some(format!("u:{id}")),
            Self::Visitor(cookie) => Some(format!("c:{cookie}")),
            Self::Address(address) => Some(format!("a:{address}")),
            Self::Unknown => None,
        }
    }
}

/// One page of `selection` as listed, with authors and tags looked up once for the page.
async fn summaries_page(
    db: &Db,
    selection: &QuestionSelection,
    (skip, page, page_size): (u64, u32, u32),
) -> ContentResult<Page<QuestionSummary>> {
    let (found, total) = questions::list_questions(db, selection, skip, page_size).await?;
    let lookups = Lookups::for_questions(db, &found).await?;
    let items = found.iter().map(|q| lookups.summary(q)).collect();
    Ok(Page::new(items, page, page_size, total))
}

/// One page of questions for `query`, as seen by `viewer` (recommendations need one).
pub async fn list_questions(
    db: &Db,
    query: &QuestionListQuery,
    viewer: Option<&UserDoc>,
) -> ContentResult<Page<QuestionSummary>> {
    let list = &query.list;
    let empty = || Page::new(Vec::new(), list.page, list.page_size, 0);
    let mut selection = QuestionSelection {
        text: list.q.clone(),
        unanswered: list.filter == QuestionFilter::Unanswered,
        order: if list.filter == QuestionFilter::Frequent {
            QuestionOrder::Views
        } else {
            QuestionOrder::Newest
        },
        ..QuestionSelection::default()
    };
    if !query.tag.is_empty() {
        match tags::find_tag_by_name(db, &query.tag).await? {
            Some(tag) => selection.tag_id = Some(tag.id),
            None => return Ok(empty()),
        }
    }
    if let (QuestionFilter::Recommended, Some(user)) = (list.filter, viewer) {
        let (mut tag_ids, followed) = futures::try_join!(
            interactions::recent_tag_ids(db, &user.id),
            tags::list_followed_tag_ids(db, &user.id)
        )?;
        for tag in followed {
            if !tag_ids.contains(&tag) {
                tag_ids.push(tag);
            }
        }
        if tag_ids.is_empty() {
            return Ok(empty());
        }
        selection.any_tag_ids = Some(tag_ids);
        selection.not_author = Some(user.id.clone());
    }
    summaries_page(db, &selection, (list.skip(), list.page, list.page_size)).await
}

/// One page of the user's saved questions.
pub async fn list_saved(
    db: &Db,
    user: &UserDoc,
    query: &SavedListQuery,
) -> ContentResult<Page<QuestionSummary>> {
    if user.saved.is_empty() {
        return Ok(Page::new(Vec::new(), query.page, query.page_size, 0));
    }
    let selection = QuestionSelection {
        text: query.q.clone(),
        ids: Some(user.saved.clone()),
        order: match query.filter {
            SavedFilter::MostRecent => QuestionOrder::Newest,
            SavedFilter::Oldest => QuestionOrder::Oldest,
            SavedFilter::MostVoted => QuestionOrder::Score,
            SavedFilter::MostViewed => QuestionOrder::Views,
            SavedFilter::MostAnswered => QuestionOrder::Answers,
        },
        ..QuestionSelection::default()
    };
    summaries_page(db, &selection, (query.skip(), query.page, query.page_size)).await
}

/// Questions in the sidebar.
pub const HOT_QUESTIONS: usize = 5;

/// The hottest questions by Stack Exchange's formula ([`crate::domain::hot`]), among
/// the candidates [`questions::list_hot_candidates`] reads off indexes, with their
/// answers' scores summed in one more query: a bounded amount of work per request
/// however many questions there are, and always current.
pub async fn hot_questions(db: &Db) -> ContentResult<Vec<HotQuestion>> {
    let candidates = questions::list_hot_candidates(db).await?;
    let ids: Vec<String> = candidates.iter().map(|q| q.id.clone()).collect();
    let answer_scores = answers::score_sums_by_question(db, &ids).await?;
    let now = now_ms();
    let hours_since = |at: DateTime| (now - at.timestamp_millis()) as f64 / 3_600_000.0;
    let mut ranked: Vec<(f64, QuestionDoc)> = candidates
        .into_iter()
        .map(|q| {
            let age_hours = hours_since(q.created_at);
            let inputs = HotInputs {
                views: u64::try_from(q.views).unwrap_or(0),
                answers: u64::try_from(q.answer_count).unwrap_or(0),
                score: q.votes.score,
                answer_scores: answer_scores.get(&q.id).copied().unwrap_or(0),
                age_hours,
                updated_hours: q.updated_at.map_or(age_hours, hours_since),
            };
            (hotness(&inputs), q)
        })
        .collect();
    ranked.sort_by(|(a, qa), (b, qb)| b.total_cmp(a).then_with(|| qa.id.cmp(&qb.id)));
    Ok(ranked
        .into_iter()
        .take(HOT_QUESTIONS)
        .map(|(_, q)| HotQuestion {
            slug: shared::questions::slug(&q.title),
            answers: u64::try_from(q.answer_count).unwrap_or(0),
            score: q.votes.score,
            id: q.id,
            title: q.title,
        })
        .collect())
}

/// A user's questions for their profile.
pub async fn list_questions_by_author(
    db: &Db,
    author: &UserDoc,
    query: &ProfilePostsQuery,
) -> ContentResult<Page<QuestionSummary>> {
    let selection = QuestionSelection {
        author: Some(author.id.clone()),
        order: match query.filter {
            ProfilePostOrder::Newest => QuestionOrder::Newest,
            ProfilePostOrder::Top => QuestionOrder::Score,
        },
        ..QuestionSelection::default()
    };
    summaries_page(db, &selection, (query.skip(), query.page, query.page_size)).await
}

/// A question with its body, counting a view when this viewer's last counted view is
/// over an hour old. The claim is one conditional upsert in `views`, so reloads racing
/// on several backends count once; if the process dies between the claim and the
/// increment, that one view is lost (never doubled).
pub async fn get_question(
    db: &Db,
    id: &str,
    user: Option<&UserDoc>,
    viewer: &Viewer,
) -> ContentResult<QuestionDetail> {
    // The read and the view's claim are independent: one round trip of waiting, not
    // two. (A claim for an id that does not exist is a harmless record that expires.)
    let key = viewer.key();
    let claim = async {
        match &key {
            Some(key) => views::claim_view(db, id, key, now_ms()).await,
            None => Ok(false),
        }
    };
    let (found, claimed) = futures::try_join!(questions::find_question(db, id), claim)?;
    let mut question = found.ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))?;
    if !claimed {
        let lookups = Lookups::for_questions(db, std::slice::from_ref(&question)).await?;
        return Ok(lookups.detail(question, user));
    }
    // Counting the view, recording it and the look-ups are independent too.
    question.views += 1;
    let count = async {
        questions::add_view(db, id).await?;
        if let Some(user) = user {
            record(db, user, "view_question", &question, None).await?;
        }
        mongodb::error::Result::Ok(())
    };
    let (lookups, ()) = futures::try_join!(
        Lookups::for_questions(db, std::slice::from_ref(&question)),
        count
    )?;
    Ok(lookups.detail(question, user))
}

/// Records what a user did, keyed so a retry records it once.
async fn record(
    db: &Db,
    user: &UserDoc,
    action: &str,
    question: &QuestionDoc,
    answer: Option<&str>,
) -> mongodb::error::Result<()> {
    let post = answer.unwrap_or(&question.id);
    interactions::record_interaction(
        db,
        &InteractionDoc {
            id: format!("{action}:{post}:{}", user.id),
            user: user.id.clone(),
            action: action.to_owned(),
            question: Some(question.id.clone()),
            answer: answer.map(str::to_owned),
            tags: question.tags.clone(),
            created_at: DateTime::now(),
        },
    )
    .await
}

/// Asks a question. Consistency: tags are upserted first (a tag whose question never
/// lands has no questions and shows nowhere); the question is inserted pending; its
/// tags' lists, the interaction, the ledger and the asker's reputation follow by
/// idempotent steps that recovery redoes from the question if this request dies.
pub async fn ask(db: &Db, author: &UserDoc, input: &AskQuestion) -> ContentResult<QuestionDetail> {
    check(input.errors())?;
    let names = normalise_tags(&input.tags).map_err(ContentError::Invalid)?;
    let tag_refs = tags::upsert_tags(db, &names).await?;
    let now = DateTime::now();
    let question = QuestionDoc {
        id: new_id(),
        title: input.title.trim().to_owned(),
        content_html: super::render_markdown(input.content.clone()).await,
        content: input.content.clone(),
        tags: tag_refs.iter().map(|t| t.id.clone()).collect(),
        author: author.id.clone(),
        views: 0,
        votes: Votes::default(),
        answers: Vec::new(),
        answer_count: 0,
        accepted_answer: None,
        created_at: now,
        updated_at: None,
        rev: 1,
        pending_since: Some(now.timestamp_millis()),
    };
    questions::insert_question(db, &question).await?;
    record(db, author, "ask_question", &question, None).await?;
    reconcile::settle_question(db, &question, true).await?;
    let mut detail = Lookups::for_questions(db, std::slice::from_ref(&question))
        .await?
        .detail(question, Some(author));
    // The author was looked up after the ask counted.
    if let Some(me) = users::find_users_by_ids(db, std::slice::from_ref(&author.id))
        .await?
        .remove(&author.id)
    {
        detail.summary.author = Some(shared::Author::from(&me));
    }
    Ok(detail)
}

/// Edits a question (its author only). Consistency: one conditional update (author in
/// the filter) changes it and marks it pending; the tags' lists follow in
/// reconciliation, which recovery redoes if this request dies.
pub async fn edit(
    db: &Db,
    id: &str,
    user: &UserDoc,
    input: &QuestionUpdate,
) -> ContentResult<QuestionDetail> {
    check(input.errors())?;
    let existing = questions::find_question(db, id)
        .await?
        .ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))?;
    if existing.author != user.id {
        return Err(ContentError::NotAuthor("the question's author"));
    }
    let tags = match &input.tags {
        Some(tags) => {
            let names = normalise_tags(tags).map_err(ContentError::Invalid)?;
            let refs = tags::upsert_tags(db, &names).await?;
            Some(refs.into_iter().map(|t| t.id).collect())
        }
        None => None,
    };
    let content = match &input.content {
        Some(c) => Some((c.clone(), super::render_markdown(c.clone()).await)),
        None => None,
    };
    let edit = QuestionEdit {
        title: input.title.as_deref().map(|t| t.trim().to_owned()),
        content,
        tags,
    };
    let updated = questions::update_question(db, id, &user.id, &edit, DateTime::now())
        .await?
        .ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))?;
    reconcile::settle_question(db, &updated, true).await?;
    let lookups = Lookups::for_questions(db, std::slice::from_ref(&updated)).await?;
    Ok(lookups.detail(updated, Some(user)))
}

/// Deletes a question (its author only) with its answers, votes, interactions, saved
/// references and tag bookkeeping, taking back the reputation it all earned; see
/// [`reconcile::delete_question_cascade`] for how a failure half way is finished.
pub async fn delete(db: &Db, id: &str, user: &UserDoc) -> ContentResult<()> {
    let question = questions::find_question(db, id)
        .await?
        .ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))?;
    if question.author != user.id {
        return Err(ContentError::NotAuthor("the question's author"));
    }
    reconcile::delete_question_cascade(db, id, now_ms()).await?;
    Ok(())
}

/// Toggles a question in the user's saved list; returns whether it is saved now. The
/// toggle is one conditional update of the user, so a double click cannot duplicate it.
pub async fn toggle_saved(db: &Db, id: &str, user: &UserDoc) -> ContentResult<bool> {
    if questions::find_question(db, id).await?.is_none() {
        return Err(ContentError::QuestionNotFound(id.to_owned()));
    }
    let want = !user.saved.iter().any(|s| s == id);
    if users::set_saved(db, &user.id, id, want).await? {
        return Ok(want);
    }
    // A concurrent toggle got there first: report what is stored.
    let stored = users::find_users_by_ids(db, std::slice::from_ref(&user.id)).await?;
    Ok(stored
        .get(&user.id)
        .is_some_and(|u| u.saved.iter().any(|s| s == id)))
}
