//! Presentational components: they take props and emit callbacks, and never call the API.

pub mod avatar;
pub mod error_view;
pub mod filter_select;
pub mod icons;
pub mod layout;
pub mod left_nav;
pub mod pagination;
pub mod search_box;
pub mod signed_in_only;
pub mod theme_switch;
pub mod top_bar;
pub mod user_card;
pub mod user_menu;
