//! A user's picture that falls back to an initials avatar when the image cannot load
//! (an unreachable image host, offline use, a deleted picture).

use shared::avatar::initials_avatar;
use web_sys::HtmlImageElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AvatarProps {
    pub src: AttrValue,
    pub name: AttrValue,
    pub class: AttrValue,
    pub size: u32,
}

#[component]
pub fn Avatar(props: &AvatarProps) -> Html {
    let onerror = {
        let fallback = initials_avatar(&props.name);
        Callback::from(move |event: Event| {
            let img: HtmlImageElement = event.target_unchecked_into();
            // Only once: if the fallback failed too, do not loop.
            if img.src() != fallback {
                img.set_src(&fallback);
            }
        })
    };
    html! {
        <img
            class={props.class.clone()}
            src={props.src.clone()}
            alt=""
            width={props.size.to_string()}
            height={props.size.to_string()}
            loading="lazy"
            {onerror}
        />
    }
}
