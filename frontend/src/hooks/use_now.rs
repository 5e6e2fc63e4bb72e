//! `use_now`: the current time, refreshed every minute, so "asked 3 minutes ago"
//! stays true while a page is open.

use chrono::{DateTime, Utc};
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// How often the time is refreshed.
const TICK_MS: u32 = 60_000;

fn read_clock() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(crate::browser::now_millis()).unwrap_or_default()
}

/// The current time, re-rendering the caller once a minute.
#[hook]
pub fn use_now() -> DateTime<Utc> {
    let now = use_state(read_clock);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || now.set(read_clock()));
            move || drop(interval)
        });
    }
    *now
}
