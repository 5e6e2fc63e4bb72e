//! Global search across questions, answers, users and tags, with Stack Overflow's
//! operators (parsed in [`shared::search`]). An operator that cannot apply (`user:me`
//! signed out, an unknown user or tag, operators that exclude each other) gives an
//! empty result with a notice saying why, never an error.

use shared::search::{answer_url, question_url, snippet, UserOperator};
use shared::{SearchHit, SearchParams, SearchResults, SearchTerms, SearchType};

use super::ContentResult;
use crate::db::answers::{self, AnswerSearch};
use crate::db::questions::{self, QuestionSearch};
use crate::db::users::{self, UserDoc};
use crate::db::{tags, Db};

/// Why nothing can match, for people.
type Notice = String;

/// The operators' user and tags, resolved to ids.
#[derive(Default)]
struct Resolved {
    author: Option<String>,
    tag_ids: Vec<String>,
    excluded_tag_ids: Vec<String>,
}

async fn resolve(
    db: &Db,
    terms: &SearchTerms,
    viewer: Option<&UserDoc>,
) -> ContentResult<Result<Resolved, Notice>> {
    let mut resolved = Resolved::default();
    match &terms.user {
        None => {}
        Some(UserOperator::Me) => match viewer {
            Some(user) => resolved.author = Some(user.id.clone()),
            None => return Ok(Err("Sign in to search your own posts with user:me.".into())),
        },
        Some(UserOperator::Username(name)) => match users::find_user_by_username(db, name).await? {
            Some(user) => resolved.author = Some(user.id),
            None => return Ok(Err(format!("No user has the username “{name}”."))),
        },
    }
    let names: Vec<String> = terms
        .tags
        .iter()
        .chain(&terms.excluded_tags)
        .cloned()
        .collect();
    let ids = tags::find_tag_ids(db, &names).await?;
    for name in &terms.tags {
        match ids.get(name) {
            Some(id) => resolved.tag_ids.push(id.clone()),
            None => return Ok(Err(format!("No question is tagged [{name}]."))),
        }
    }
    resolved.excluded_tag_ids = terms
        .excluded_tags
        .iter()
        .filter_map(|name| ids.get(name).cloned())
        .collect();
    Ok(Ok(resolved))
}

/// Runs a search. With `type`, one type is paged by `limit` and `page`; without, each
/// possible type gives up to `limit` results.
pub async fn search(
    db: &Db,
    params: &SearchParams,
    viewer: Option<&UserDoc>,
) -> ContentResult<SearchResults> {
    let empty = |notices: Vec<Notice>| SearchResults {
        items: Vec::new(),
        page: params.page,
        limit: params.limit,
        is_next: false,
        notices,
    };
    let terms = SearchTerms::parse(&params.q);
    if terms.is_empty() {
        return Ok(empty(Vec::new()));
    }
    let types = match terms.scope(params.kind) {
        Ok(types) => types,
        Err(notice) => return Ok(empty(vec![notice])),
    };
    let resolved = match resolve(db, &terms, viewer).await? {
        Ok(resolved) => resolved,
        Err(notice) => return Ok(empty(vec![notice])),
    };
    // One type pages (one extra result says whether there is a next page); several
    // types show their first results each.
    let (skip, limit) = match params.kind {
        Some(_) => (params.skip(), i64::from(params.limit) + 1),
        None => (0, i64::from(params.limit)),
    };
    let texts = terms.texts();
    let wants = |kind| types.contains(&kind);
    let question_hits = async {
        if !wants(SearchType::Question) {
            return Ok(Vec::new());
        }
        let search = QuestionSearch {
            texts: texts.clone(),
            all_tag_ids: resolved.tag_ids.clone(),
            excluded_tag_ids: resolved.excluded_tag_ids.clone(),
            author: resolved.author.clone(),
            answers: terms.answers,
            min_score: terms.min_score,
        };
        let found = questions::search_questions(db, &search, skip, limit).await?;
        Ok::<_, mongodb::error::Error>(
            found
                .into_iter()
                .map(|q| {
                    let slug = shared::questions::slug(&q.title);
                    SearchHit {
                        kind: SearchType::Question,
                        url: question_url(&q.id, &slug),
                        snippet: snippet(&q.content, &texts),
                        id: q.id,
                        title: q.title,
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    let answer_hits = async {
        if !wants(SearchType::Answer) {
            return Ok(Vec::new());
        }
        let accepted = match terms.accepted {
            Some(accepted) => Some((accepted, questions::list_accepted_answer_ids(db).await?)),
            None => None,
        };
        let search = AnswerSearch {
            texts: texts.clone(),
            author: resolved.author.clone(),
            min_score: terms.min_score,
            accepted,
        };
        let found = answers::search_answers(db, &search, skip, limit).await?;
        let question_ids: Vec<String> = found.iter().map(|a| a.question.clone()).collect();
        let asked = questions::find_questions_by_ids(db, &question_ids).await?;
        Ok(found
            .into_iter()
            .filter_map(|a| {
                let question = asked.get(&a.question)?;
                let slug = shared::questions::slug(&question.title);
                Some(SearchHit {
                    kind: SearchType::Answer,
                    url: answer_url(&question.id, &slug, &a.id),
                    title: format!("Answer to: {}", question.title),
                    snippet: snippet(&a.content, &texts),
                    id: a.id,
                })
            })
            .collect::<Vec<_>>())
    };
    let user_hits = async {
        if !wants(SearchType::User) {
            return Ok(Vec::new());
        }
        let found = users::search_users(db, &texts, skip, limit).await?;
        Ok(found
            .into_iter()
            .map(|u| SearchHit {
                kind: SearchType::User,
                url: format!("/profile/{}", shared::url::encode_segment(&u.clerk_id)),
                title: u.name,
                snippet: format!("@{} · {} reputation", u.username, u.reputation),
                id: u.clerk_id,
            })
            .collect::<Vec<_>>())
    };
    let tag_hits = async {
        if !wants(SearchType::Tag) {
            return Ok(Vec::new());
        }
        let prefix = texts.join(" ");
        let found = tags::search_tags(db, &prefix, skip, limit).await?;
        Ok(found
            .into_iter()
            .map(|t| SearchHit {
                kind: SearchType::Tag,
                url: format!("/tags/{}", shared::url::encode_segment(&t.name)),
                snippet: if t.description.is_empty() {
                    format!("{} questions", t.question_count)
                } else {
                    snippet(&t.description, &[])
                },
                id: t.name.clone(),
                title: t.name,
            })
            .collect::<Vec<_>>())
    };
    let (q, a, u, t) = futures::try_join!(question_hits, answer_hits, user_hits, tag_hits)?;
    let mut items: Vec<SearchHit> = q.into_iter().chain(a).chain(u).chain(t).collect();
    let is_next = params.kind.is_some() && items.len() > params.limit as usize;
    items.truncate(if params.kind.is_some() {
        params.limit as usize
    } else {
        items.len()
    });
    Ok(SearchResults {
        items,
        page: params.page,
        limit: params.limit,
        is_next,
        notices: Vec::new(),
    })
}
