//! Listing, writing, editing, deleting and accepting answers.

use mongodb::bson::DateTime;
use shared::{
    AcceptState, AnswerInput, AnswerListQuery, AnswerView, Page, ProfilePostOrder,
    ProfilePostsQuery, UserAnswer,
};

use super::dto::Lookups;
use super::reconcile::{self, now_ms};
use super::{check, new_id, ContentError, ContentResult};
use crate::db::answers::{self, AnswerDoc};
use crate::db::interactions::{self, InteractionDoc};
use crate::db::posts::Votes;
use crate::db::questions::{self, QuestionDoc};
use crate::db::users::UserDoc;
use crate::db::Db;

async fn question(db: &Db, id: &str) -> ContentResult<QuestionDoc> {
    questions::find_question(db, id)
        .await?
        .ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))
}

async fn answer(db: &Db, id: &str) -> ContentResult<AnswerDoc> {
    answers::find_answer(db, id)
        .await?
        .ok_or_else(|| ContentError::AnswerNotFound(id.to_owned()))
}

/// One page of a question's answers; the accepted answer always comes first.
pub async fn list_answers(
    db: &Db,
    question_id: &str,
    query: &AnswerListQuery,
    viewer: Option<&UserDoc>,
) -> ContentResult<Page<AnswerView>> {
    let question = question(db, question_id).await?;
    let accepted = match &question.accepted_answer {
        Some(id) => answers::find_answer(db, id).await?,
        None => None,
    };
    let limit = i64::from(query.page_size);
    let skip = query.skip();
    // The accepted answer is position 0 of the whole list; the rest follow in order.
    let page: Vec<AnswerDoc> = match &accepted {
        Some(first) if skip == 0 => {
            let rest =
                answers::list_answers(db, question_id, Some(&first.id), query.filter, 0, limit - 1)
                    .await?;
            std::iter::once(first.clone()).chain(rest).collect()
        }
        Some(first) => {
            answers::list_answers(
                db,
                question_id,
                Some(&first.id),
                query.filter,
                skip - 1,
                limit,
            )
            .await?
        }
        None => answers::list_answers(db, question_id, None, query.filter, skip, limit).await?,
    };
    let lookups = Lookups::load(
        db,
        page.iter().map(|a| a.author.clone()).collect(),
        Vec::new(),
    )
    .await?;
    let accepted_id = question.accepted_answer.as_deref();
    let items = page
        .into_iter()
        .map(|a| lookups.answer(a, accepted_id, viewer))
        .collect();
    Ok(Page::new(
        items,
        query.page,
        query.page_size,
        question.answers.len() as u64,
    ))
}

/// A user's answers for their profile, each with its question's title.
pub async fn list_answers_by_author(
    db: &Db,
    author: &UserDoc,
    query: &ProfilePostsQuery,
) -> ContentResult<Page<UserAnswer>> {
    let top = query.filter == ProfilePostOrder::Top;
    let (found, total) =
        answers::list_answers_by_author(db, &author.id, top, query.skip(), query.page_size).await?;
    let mut question_ids: Vec<String> = found.iter().map(|a| a.question.clone()).collect();
    question_ids.sort();
    question_ids.dedup();
    let questions = questions::find_questions_by_ids(db, &question_ids).await?;
    let items = found
        .into_iter()
        .map(|a| {
            let question = questions.get(&a.question);
            UserAnswer {
                question_title: question.map(|q| q.title.clone()).unwrap_or_default(),
                question_slug: question
                    .map(|q| shared::questions::slug(&q.title))
                    .unwrap_or_default(),
                accepted: question.is_some_and(|q| q.accepted_answer.as_ref() == Some(&a.id)),
                upvotes: a.votes.upvotes.len() as u64,
                downvotes: a.votes.downvotes.len() as u64,
                created_at: a.created_at.to_chrono(),
                question_id: a.question,
                id: a.id,
            }
        })
        .collect();
    Ok(Page::new(items, query.page, query.page_size, total))
}

/// Answers a question. Consistency: the answer is inserted pending, then linked from
/// its question, recorded and settled by idempotent steps recovery redoes if this
/// request dies. If the question is deleted meanwhile, linking fails and the answer
/// removes itself (the question's cascade may already have run).
pub async fn post_answer(
    db: &Db,
    question_id: &str,
    author: &UserDoc,
    input: &AnswerInput,
) -> ContentResult<AnswerView> {
    check(input.errors())?;
    let question = question(db, question_id).await?;
    let now = DateTime::now();
    let answer = AnswerDoc {
        id: new_id(),
        question: question.id.clone(),
        author: author.id.clone(),
        content_html: super::render_markdown(input.content.clone()).await,
        content: input.content.clone(),
        votes: Votes::default(),
        created_at: now,
        updated_at: None,
        rev: 1,
        pending_since: Some(now.timestamp_millis()),
    };
    answers::insert_answer(db, &answer).await?;
    if !questions::add_answer(db, &question.id, &answer.id).await? {
        reconcile::delete_answer_cascade(db, &answer, now_ms()).await?;
        return Err(ContentError::QuestionNotFound(question_id.to_owned()));
    }
    interactions::record_interaction(
        db,
        &InteractionDoc {
            id: format!("answer:{}", answer.id),
            user: author.id.clone(),
            action: "answer_question".to_owned(),
            question: Some(question.id.clone()),
            answer: Some(answer.id.clone()),
            tags: question.tags.clone(),
            created_at: now,
        },
    )
    .await?;
    reconcile::settle_answer(db, &answer).await?;
    let lookups = Lookups::load(db, vec![author.id.clone()], Vec::new()).await?;
    Ok(lookups.answer(answer, None, Some(author)))
}

/// Edits an answer (its author only); one conditional update.
pub async fn edit_answer(
    db: &Db,
    id: &str,
    user: &UserDoc,
    input: &AnswerInput,
) -> ContentResult<AnswerView> {
    check(input.errors())?;
    let existing = answer(db, id).await?;
    if existing.author != user.id {
        return Err(ContentError::NotAuthor("the answer's author"));
    }
    let html = super::render_markdown(input.content.clone()).await;
    let updated = answers::update_answer(db, id, &user.id, &input.content, &html, DateTime::now())
        .await?
        .ok_or_else(|| ContentError::AnswerNotFound(id.to_owned()))?;
    let accepted = questions::find_question(db, &updated.question)
        .await?
        .and_then(|q| q.accepted_answer);
    let lookups = Lookups::load(db, vec![user.id.clone()], Vec::new()).await?;
    Ok(lookups.answer(updated, accepted.as_deref(), Some(user)))
}

/// Deletes an answer (its author only), un-accepting it and taking back what it
/// earned; see [`reconcile::delete_answer_cascade`].
pub async fn delete_answer(db: &Db, id: &str, user: &UserDoc) -> ContentResult<()> {
    let existing = answer(db, id).await?;
    if existing.author != user.id {
        return Err(ContentError::NotAuthor("the answer's author"));
    }
    reconcile::delete_answer_cascade(db, &existing, now_ms()).await?;
    Ok(())
}

/// Toggles an answer as its question's accepted one (the question's author only);
/// accepting another moves it. One conditional update of the question checks the
/// author and the previous acceptance, so racing clicks apply once; reputation follows
/// in reconciliation.
pub async fn toggle_accepted(db: &Db, id: &str, user: &UserDoc) -> ContentResult<AcceptState> {
    let answer = answer(db, id).await?;
    let question = question(db, &answer.question).await?;
    if question.author != user.id {
        return Err(ContentError::NotAuthor("the question's author"));
    }
    let from = question.accepted_answer.as_deref();
    let to = if from == Some(id) { None } else { Some(id) };
    match questions::set_accepted_answer(db, &question.id, &user.id, from, to, now_ms()).await? {
        Some(updated) => {
            reconcile::settle_question(db, &updated, false).await?;
            Ok(AcceptState {
                accepted_answer: updated.accepted_answer,
            })
        }
        // A concurrent toggle changed it first; report what is stored.
        None => Ok(AcceptState {
            accepted_answer: super::answers::question(db, &answer.question)
                .await?
                .accepted_answer,
        }),
    }
}
