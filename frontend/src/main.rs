//! Entry point of the SPA bundle that trunk builds: hydrates the page the server
//! rendered (with the data it embedded), or renders from scratch into an empty shell.

use frontend::app::{App, AppProps};
use frontend::page_data::{PageData, ROOT_ELEMENT_ID};

fn main() {
    let data = PageData::from_document();
    let root = frontend::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ELEMENT_ID));
    let hydrate = data.is_some();
    let props = AppProps { url: None, data };
    match root {
        Some(root) if hydrate => {
            yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
        }
        Some(root) => {
            yew::Renderer::<App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<App>::with_props(props).render();
        }
    }
}
