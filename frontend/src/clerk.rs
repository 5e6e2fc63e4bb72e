//! The part of ClerkJS (`window.Clerk`, v5) the SPA uses, bound with wasm-bindgen:
//! loading the script from the instance's frontend API, the current user and session
//! token, change listeners, Clerk's own sign-in / sign-up / user-button components,
//! and signing out.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `window.Clerk`.
    #[derive(Clone, Debug)]
    pub type Clerk;

    #[wasm_bindgen(method, catch)]
    fn load(this: &Clerk, options: &JsValue) -> Result<Promise, JsValue>;

    /// The signed-in user, or `null`.
    #[wasm_bindgen(method, getter)]
    fn user(this: &Clerk) -> JsValue;

    /// The active session, or `null`.
    #[wasm_bindgen(method, getter)]
    fn session(this: &Clerk) -> Option<ClerkSession>;

    #[wasm_bindgen(method, js_name = addListener)]
    fn add_listener(this: &Clerk, callback: &Function) -> JsValue;

    #[wasm_bindgen(method, js_name = mountSignIn)]
    fn mount_sign_in(this: &Clerk, element: &web_sys::Element, props: &JsValue);

    #[wasm_bindgen(method, js_name = unmountSignIn)]
    fn unmount_sign_in(this: &Clerk, element: &web_sys::Element);

    #[wasm_bindgen(method, js_name = mountSignUp)]
    fn mount_sign_up(this: &Clerk, element: &web_sys::Element, props: &JsValue);

    #[wasm_bindgen(method, js_name = unmountSignUp)]
    fn unmount_sign_up(this: &Clerk, element: &web_sys::Element);

    #[wasm_bindgen(method, js_name = mountUserButton)]
    fn mount_user_button(this: &Clerk, element: &web_sys::Element, props: &JsValue);

    #[wasm_bindgen(method, js_name = unmountUserButton)]
    fn unmount_user_button(this: &Clerk, element: &web_sys::Element);

    #[wasm_bindgen(method, js_name = signOut)]
    fn sign_out(this: &Clerk) -> Promise;

    /// `Clerk.session`.
    #[derive(Clone, Debug)]
    pub type ClerkSession;

    #[wasm_bindgen(method, js_name = getToken)]
    fn get_token(this: &ClerkSession) -> Promise;
}

/// Which of Clerk's components to mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClerkComponent {
    SignIn,
    SignUp,
    UserButton,
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Adds ClerkJS's `<script>` (with the publishable key, as Clerk's docs load it) and
/// resolves once it has run.
async fn inject_script(url: &str, publishable_key: &str) -> Result<(), JsValue> {
    let document = crate::browser::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let script: web_sys::HtmlScriptElement = document.create_element("script")?.unchecked_into();
    script.set_src(url);
    script.set_cross_origin(Some("anonymous"));
    script.set_attribute("data-clerk-publishable-key", publishable_key)?;
    let loaded = Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    document
        .head()
        .ok_or_else(|| JsValue::from_str("no <head>"))?
        .append_child(&script)?;
    JsFuture::from(loaded).await?;
    Ok(())
}

impl Clerk {
    /// Loads ClerkJS from `url` and waits for `Clerk.load()`.
    pub async fn start(url: &str, publishable_key: &str) -> Result<Clerk, JsValue> {
        inject_script(url, publishable_key).await?;
        let window = crate::browser::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let clerk = Reflect::get(&window, &JsValue::from_str("Clerk"))?;
        if clerk.is_undefined() || clerk.is_null() {
            return Err(JsValue::from_str("ClerkJS did not define window.Clerk"));
        }
        let clerk: Clerk = clerk.unchecked_into();
        JsFuture::from(clerk.load(&object(&[]))?).await?;
        Ok(clerk)
    }

    /// Whether a user is signed in.
    pub fn is_signed_in(&self) -> bool {
        let user = self.user();
        !(user.is_null() || user.is_undefined())
    }

    /// A fresh session token (ClerkJS refreshes it before it expires), or `None`.
    pub async fn token(&self) -> Option<String> {
        let session = self.session()?;
        JsFuture::from(session.get_token()).await.ok()?.as_string()
    }

    /// Calls `on_change` whenever the user or session changes. The listener lives as
    /// long as the page (ClerkJS keeps it), so the closure is leaked on purpose.
    pub fn on_change(&self, on_change: impl Fn() + 'static) {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| on_change());
        self.add_listener(closure.as_ref().unchecked_ref());
        closure.forget();
    }

    /// Mounts a Clerk component with path routing under `path`.
    pub fn mount(
        &self,
        component: ClerkComponent,
        element: &web_sys::Element,
        path: &str,
        redirect_url: &str,
    ) {
        let props = object(&[
            ("routing", JsValue::from_str("path")),
            ("path", JsValue::from_str(path)),
            ("signInUrl", JsValue::from_str("/sign-in")),
            ("signUpUrl", JsValue::from_str("/sign-up")),
            ("forceRedirectUrl", JsValue::from_str(redirect_url)),
            ("afterSignOutUrl", JsValue::from_str("/")),
        ]);
        match component {
            ClerkComponent::SignIn => self.mount_sign_in(element, &props),
            ClerkComponent::SignUp => self.mount_sign_up(element, &props),
            ClerkComponent::UserButton => self.mount_user_button(element, &props),
        }
    }

    /// Unmounts what [`Clerk::mount`] mounted.
    pub fn unmount(&self, component: ClerkComponent, element: &web_sys::Element) {
        match component {
            ClerkComponent::SignIn => self.unmount_sign_in(element),
            ClerkComponent::SignUp => self.unmount_sign_up(element),
            ClerkComponent::UserButton => self.unmount_user_button(element),
        }
    }

    /// Signs out of Clerk.
    pub async fn end_session(&self) {
        let _ = JsFuture::from(self.sign_out()).await;
    }
}
