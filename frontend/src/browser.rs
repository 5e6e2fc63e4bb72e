//! The browser, when there is one. The same components also render on the server
//! (Yew SSR), where `web_sys::window()` would abort the process: code reaches the
//! window only through [`window`], which is `None` there.

/// The browser window (`None` when rendering on the server).
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}
