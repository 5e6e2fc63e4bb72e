//! Ranking a user's tags, and what well-known tags are about.

use std::collections::HashMap;

/// Descriptions of well-known tags, given to a tag when it is first used (a
/// description for every other tag would need a moderation flow DevFlow does not have).
const KNOWN: &[(&str, &str)] = &[
    ("rust", "Rust is a systems programming language focused on safety, speed and concurrency, without a garbage collector."),
    ("javascript", "JavaScript is the programming language of the web browser, also run on servers with Node.js, Deno and Bun."),
    ("typescript", "TypeScript is JavaScript with static types, compiled to plain JavaScript."),
    ("python", "Python is a dynamically typed, general-purpose language known for readability and a large ecosystem."),
    ("go", "Go is a statically typed, compiled language from Google with goroutines and channels for concurrency."),
    ("java", "Java is a class-based, object-oriented language that runs on the Java Virtual Machine."),
    ("c++", "C++ is a compiled, general-purpose language with manual memory management, templates and zero-cost abstractions."),
    ("c#", "C# is a multi-paradigm language for .NET, developed by Microsoft."),
    ("react", "React is a JavaScript library for building user interfaces from components."),
    ("nextjs", "Next.js is a React framework with server rendering, routing and data fetching."),
    ("node.js", "Node.js runs JavaScript outside the browser on V8, with an event-driven, non-blocking I/O model."),
    ("css", "CSS describes how HTML documents are presented: layout, colours, fonts and animation."),
    ("html", "HTML is the markup language of web pages."),
    ("sql", "SQL is the language for querying and changing relational databases."),
    ("mongodb", "MongoDB is a document database that stores BSON documents in collections, with rich queries and indexes."),
    ("postgresql", "PostgreSQL is an open-source relational database known for standards compliance and extensibility."),
    ("docker", "Docker packages applications and their dependencies into containers."),
    ("kubernetes", "Kubernetes orchestrates containers: deployment, scaling and service discovery across a cluster."),
    ("devops", "DevOps covers building, deploying and running software: CI/CD, infrastructure and operations."),
    ("git", "Git is a distributed version control system."),
    ("linux", "Linux is a family of open-source Unix-like operating systems built on the Linux kernel."),
    ("webassembly", "WebAssembly (Wasm) is a portable binary instruction format that browsers and other hosts run at near-native speed."),
    ("yew", "Yew is a Rust framework for building web front-ends with components, compiled to WebAssembly."),
    ("rocket", "Rocket is a web framework for Rust with type-safe routing, request guards and async handlers."),
    ("tokio", "Tokio is an asynchronous runtime for Rust: tasks, timers, networking and synchronisation."),
    ("async", "Asynchronous programming: futures, async/await, executors and non-blocking I/O."),
    ("rest-api", "REST APIs expose resources over HTTP with standard methods, status codes and representations."),
    ("webhooks", "Webhooks are HTTP callbacks one service sends another when an event happens."),
    ("testing", "Testing software: unit, integration and end-to-end tests, fixtures, mocks and test design."),
    ("performance", "Making software faster or leaner: profiling, benchmarking, caching and algorithmic improvements."),
    ("architecture", "Software architecture: how a system is divided into parts and how those parts communicate."),
    ("collections", "Data structures that hold groups of values: vectors, maps, sets, queues and their APIs."),
    ("markdown", "Markdown is a lightweight markup language for formatted text written in plain text."),
    ("beginner", "Questions from people starting out; answers explain the basics as well as the fix."),
];

/// The description of a well-known tag.
pub fn known_description(name: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, description)| *description)
}

/// The `limit` most used tags, most used first; ties go to the smaller id so the order
/// is stable between requests.
pub fn top_tags(counts: HashMap<String, u32>, limit: usize) -> Vec<String> {
    let mut ranked: Vec<(String, u32)> = counts.into_iter().collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| b.cmp(a).then_with(|| a_id.cmp(b_id)));
    ranked.into_iter().take(limit).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_tags_are_described_and_others_are_not() {
        assert!(known_description("rust").is_some_and(|d| d.contains("Rust")));
        assert_eq!(known_description("topic-7"), None);
        for (name, _) in KNOWN {
            assert_eq!(
                shared::questions::normalise_tag(name).as_deref(),
                Ok(*name),
                "{name} is a valid tag name"
            );
        }
    }

    #[test]
    fn the_most_used_come_first_and_ties_break_by_id() {
        let counts = HashMap::from([
            ("css".to_owned(), 1),
            ("yew".to_owned(), 2),
            ("rust".to_owned(), 3),
            ("mongodb".to_owned(), 2),
        ]);

        assert_eq!(top_tags(counts, 3), ["rust", "mongodb", "yew"]);
    }

    #[test]
    fn fewer_tags_than_the_limit_are_all_returned() {
        assert_eq!(top_tags(HashMap::from([("a".to_owned(), 1)]), 3), ["a"]);
        assert!(top_tags(HashMap::new(), 3).is_empty());
    }
}
