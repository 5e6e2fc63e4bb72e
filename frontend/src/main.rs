//! Entry point of the SPA bundle that trunk builds.

fn main() {
    yew::Renderer::<frontend::app::App>::new().render();
}
