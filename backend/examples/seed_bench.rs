//! Loads the benchmark data set into `MONGODB_URI` / `MONGODB_DB` (`cargo xtask bench`):
//! N users (the first argument, default 10,000) with varied names, join dates and
//! reputations, 200 tags, 5 questions per user (50,000) and 150,000 answers (none for
//! every fifth question, 3 or 4 for the others), with votes, views and accepted answers,
//! and the ledger and reputation the live rules give them. The same seed gives the same
//! data every time.

use backend::content::reconcile;
use backend::db::answers::AnswerDoc;
use backend::db::posts::Votes;
use backend::db::questions::QuestionDoc;
use backend::db::tags::TagDoc;
use backend::db::users;
use backend::domain::markdown;
use backend::seed::bench_user;
use mongodb::bson::DateTime;

const TAGS: usize = 200;
/// Users `bench000000`..`bench000031` act in the benchmark (the first 16 vote, the next
/// 16 ask): nobody else votes on their posts and the data set gives them none, so every
/// benchmark vote is on someone else's post.
const ACTORS: usize = 32;

const BODIES: [&str; 3] = [
    "I tried the obvious approach:\n\n```rust\nfn main() {\n    let v: Vec<u32> = (0..10).collect();\n    println!(\"{v:?}\");\n}\n```\n\nbut the **borrow checker** complains. What am I missing?",
    "Our service answers in 2 s under load. We use `tokio` with the default runtime and a pool of 10 connections. Profiling shows most time in `serde_json`.\n\n- Is that expected?\n- What should we measure first?",
    "Short version: use an index.\n\n| query | before | after |\n|---|---|---|\n| list | 900 ms | 4 ms |\n\nSee the docs for compound indexes.",
];

fn votes(users: usize, seed: usize, author: usize) -> Votes {
    // A few voters from outside the benchmark's actors, never the author.
    let up: Vec<String> = (0..seed % 4)
        .map(|k| ACTORS + (seed * 31 + k * 97) % (users - ACTORS))
        .filter(|v| *v != author)
        .map(|v| format!("bench{v:06}"))
        .collect();
    let down: Vec<String> = if seed.is_multiple_of(9) {
        vec![format!(
            "bench{:06}",
            ACTORS + (seed * 13 + 5) % (users - ACTORS)
        )]
        .into_iter()
        .filter(|v| *v != format!("bench{author:06}") && !up.contains(v))
        .collect()
    } else {
        Vec::new()
    };
    Votes {
        score: up.len() as i64 - down.len() as i64,
        upvotes: up,
        downvotes: down,
    }
}

/// An author who is not one of the benchmark's actors.
fn author(users: usize, seed: usize) -> usize {
    ACTORS + seed % (users - ACTORS)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let users: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    anyhow::ensure!(users > ACTORS, "at least {} users", ACTORS + 1);
    let count = users * 5;
    let db = backend::seed::open_bench_database().await?;
    for start in (0..users).step_by(5_000) {
        // Reputation comes from the posts' ledger below (0 without posts), so every
        // total equals its recorded causes, as the fault runs check.
        let batch: Vec<_> = (start..(start + 5_000).min(users))
            .map(|i| users::UserDoc {
                reputation: 0,
                ..bench_user(i)
            })
            .collect();
        users::insert_users(&db, &batch).await?;
    }
    // Rendered once per template: rendering is measured by the API tests, not here.
    let html: Vec<String> = BODIES.iter().map(|b| markdown::render(b)).collect();
    let start = 1_700_000_000_000_i64;
    let mut tags: Vec<TagDoc> = (0..TAGS)
        .map(|t| {
            TagDoc::new(
                format!("btag{t}"),
                &format!("topic-{t}"),
                DateTime::from_millis(start),
            )
        })
        .collect();
    let mut questions = Vec::with_capacity(count);
    let mut answers = Vec::with_capacity(count * 3);
    for i in 0..count {
        let id = format!("bq{i:06}");
        let tag_ids = [i % TAGS, (i * 7 + 3) % TAGS];
        for t in tag_ids {
            tags[t].questions.push(id.clone());
        }
        let created = start + (i as i64) * 60_000;
        // Every fifth question is unanswered; of the rest, a quarter have 3 answers and
        // the others 4: 50,000 questions carry 150,000 answers.
        let answer_count = if i.is_multiple_of(5) {
            0
        } else if i.is_multiple_of(4) {
            3
        } else {
            4
        };
        let answer_ids: Vec<String> = (0..answer_count).map(|k| format!("ba{i:06}_{k}")).collect();
        for (k, answer_id) in answer_ids.iter().enumerate() {
            let answerer = author(users, i * 3 + k + 1);
            answers.push(AnswerDoc {
                id: answer_id.clone(),
                question: id.clone(),
                author: format!("bench{answerer:06}"),
                content: BODIES[2].to_owned(),
                content_html: html[2].clone(),
                votes: votes(users, i + k, answerer),
                created_at: DateTime::from_millis(created + (k as i64 + 1) * 600_000),
                updated_at: None,
                rev: 1,
                pending_since: None,
            });
        }
        let asker = author(users, i);
        questions.push(QuestionDoc {
            id,
            title: format!("How do I make benchmark question {i} faster?"),
            content: BODIES[i % 2].to_owned(),
            content_html: html[i % 2].clone(),
            tags: tag_ids.iter().map(|t| format!("btag{t}")).collect(),
            author: format!("bench{asker:06}"),
            views: ((i * 7919) % 5000) as i64,
            votes: votes(users, i, asker),
            accepted_answer: (i % 3 == 1).then(|| answer_ids.first().cloned()).flatten(),
            answer_count: answer_ids.len() as i64,
            answers: answer_ids,
            created_at: DateTime::from_millis(created),
            updated_at: None,
            rev: 1,
            pending_since: None,
        });
    }
    reconcile::insert_bulk(&db, &tags, &questions, &answers).await?;
    println!(
        "loaded {users} users, {TAGS} tags, {} questions, {} answers",
        questions.len(),
        answers.len()
    );
    Ok(())
}
