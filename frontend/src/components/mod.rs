//! Presentational components: they take props and emit callbacks, and never call the API.

pub mod answer_item;
pub mod avatar;
pub mod error_view;
pub mod filter_chips;
pub mod filter_select;
pub mod global_search;
pub mod icons;
pub mod layout;
pub mod left_nav;
pub mod markdown_editor;
pub mod pagination;
pub mod question_card;
pub mod question_list;
pub mod rich_text;
pub mod right_sidebar;
pub mod search_box;
pub mod signed_in_only;
pub mod tag_card;
pub mod tag_input;
pub mod tag_link;
pub mod theme_switch;
pub mod top_bar;
pub mod user_card;
pub mod user_menu;
pub mod vote_buttons;
