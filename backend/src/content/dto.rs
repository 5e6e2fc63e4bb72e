//! Stored questions and answers turned into what the API shows, with their authors
//! and tags looked up once per page.

use std::collections::HashMap;

use shared::{AnswerView, Author, QuestionDetail, QuestionSummary, TagRef};

use crate::db::answers::AnswerDoc;
use crate::db::questions::QuestionDoc;
use crate::db::users::UserDoc;
use crate::db::{tags, users, Db};

/// Authors and tag names for a set of posts.
#[derive(Debug, Default)]
pub struct Lookups {
    authors: HashMap<String, UserDoc>,
    tag_names: HashMap<String, String>,
}

impl Lookups {
    /// Loads the authors of `author_ids` and the names of `tag_ids` (two queries).
    pub async fn load(
        db: &Db,
        mut author_ids: Vec<String>,
        mut tag_ids: Vec<String>,
    ) -> mongodb::error::Result<Self> {
        author_ids.sort();
        author_ids.dedup();
        tag_ids.sort();
        tag_ids.dedup();
        let (authors, tag_names) = futures::try_join!(
            users::find_users_by_ids(db, &author_ids),
            tags::find_tag_names(db, &tag_ids)
        )?;
        Ok(Self { authors, tag_names })
    }

    /// Loads what a page of questions needs.
    pub async fn for_questions(db: &Db, questions: &[QuestionDoc]) -> mongodb::error::Result<Self> {
        Self::load(
            db,
            questions.iter().map(|q| q.author.clone()).collect(),
            questions
                .iter()
                .flat_map(|q| q.tags.iter().cloned())
                .collect(),
        )
        .await
    }

    fn author(&self, id: &str) -> Option<Author> {
        self.authors.get(id).map(Author::from)
    }

    fn tags(&self, ids: &[String]) -> Vec<TagRef> {
        ids.iter()
            .filter_map(|id| {
                self.tag_names.get(id).map(|name| TagRef {
                    id: id.clone(),
                    name: name.clone(),
                })
            })
            .collect()
    }

    /// A question as listed.
    pub fn summary(&self, question: &QuestionDoc) -> QuestionSummary {
        QuestionSummary {
            id: question.id.clone(),
            title: question.title.clone(),
            slug: shared::questions::slug(&question.title),
            tags: self.tags(&question.tags),
            author: self.author(&question.author),
            upvotes: question.votes.upvotes.len() as u64,
            downvotes: question.votes.downvotes.len() as u64,
            answers: question.answers.len() as u64,
            views: u64::try_from(question.views).unwrap_or(0),
            created_at: question.created_at.to_chrono(),
            has_accepted_answer: question.accepted_answer.is_some(),
        }
    }

    /// A question with its body and the viewer's state.
    pub fn detail(&self, question: QuestionDoc, viewer: Option<&UserDoc>) -> QuestionDetail {
        let summary = self.summary(&question);
        QuestionDetail {
            summary,
            my_vote: viewer.and_then(|v| question.votes.vote_of(&v.id)),
            saved: viewer.is_some_and(|v| v.saved.contains(&question.id)),
            mine: viewer.is_some_and(|v| v.id == question.author),
            accepted_answer: question.accepted_answer,
            updated_at: question.updated_at.map(|d| d.to_chrono()),
            content: question.content,
            content_html: question.content_html,
        }
    }

    /// An answer with the viewer's state.
    pub fn answer(
        &self,
        answer: AnswerDoc,
        accepted: Option<&str>,
        viewer: Option<&UserDoc>,
    ) -> AnswerView {
        AnswerView {
            author: self.author(&answer.author),
            upvotes: answer.votes.upvotes.len() as u64,
            downvotes: answer.votes.downvotes.len() as u64,
            created_at: answer.created_at.to_chrono(),
            updated_at: answer.updated_at.map(|d| d.to_chrono()),
            accepted: accepted == Some(answer.id.as_str()),
            my_vote: viewer.and_then(|v| answer.votes.vote_of(&v.id)),
            mine: viewer.is_some_and(|v| v.id == answer.author),
            id: answer.id,
            question_id: answer.question,
            content: answer.content,
            content_html: answer.content_html,
        }
    }
}
