//! The browser, when there is one. The same components also render on the server
//! (Yew SSR), where `web_sys::window()` would abort the process: code reaches the
//! window only through [`window`], which is `None` there, and the clock through
//! [`now_millis`].

/// The browser window (`None` when rendering on the server).
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// Milliseconds since the Unix epoch, from the browser's clock (or the server's).
pub fn now_millis() -> i64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now() as i64
    } else {
        chrono::Utc::now().timestamp_millis()
    }
}
