// A stand-in for ClerkJS v5, served only by the browser tests (CLERK_JS_URL points
// here). It implements exactly the part of `window.Clerk` DevFlow's binding calls:
// load, user, session.getToken, addListener, mount/unmount of SignIn, SignUp and
// UserButton, and signOut. Tests drive it through `window.__clerkStandIn`.
(function () {
  var script = document.currentScript;
  var listeners = [];
  var calls = [];
  function notify() {
    listeners.forEach(function (listener) {
      listener({ user: clerk.user, session: clerk.session });
    });
  }
  function mount(kind) {
    return function (element, props) {
      calls.push({ call: "mount" + kind, props: props });
      element.innerHTML = "";
      var node = document.createElement("div");
      node.setAttribute("data-stand-in", kind);
      node.setAttribute("data-path", (props && props.path) || "");
      node.setAttribute("data-routing", (props && props.routing) || "");
      node.textContent = "Stand-in " + kind;
      element.appendChild(node);
    };
  }
  function unmount(kind) {
    return function (element) {
      calls.push({ call: "unmount" + kind });
      element.innerHTML = "";
    };
  }
  var clerk = {
    publishableKey: script && script.getAttribute("data-clerk-publishable-key"),
    user: null,
    session: null,
    load: function () {
      calls.push({ call: "load" });
      return Promise.resolve();
    },
    addListener: function (listener) {
      listeners.push(listener);
      return function () {};
    },
    mountSignIn: mount("SignIn"),
    unmountSignIn: unmount("SignIn"),
    mountSignUp: mount("SignUp"),
    unmountSignUp: unmount("SignUp"),
    mountUserButton: mount("UserButton"),
    unmountUserButton: unmount("UserButton"),
    signOut: function () {
      calls.push({ call: "signOut" });
      clerk.user = null;
      clerk.session = null;
      notify();
      return Promise.resolve();
    },
  };
  window.Clerk = clerk;
  window.__clerkStandIn = {
    calls: calls,
    // What Clerk does once someone completes sign-in: a user and a session whose
    // getToken resolves to `token`.
    signIn: function (userId, token) {
      clerk.user = { id: userId };
      clerk.session = {
        getToken: function () {
          return Promise.resolve(token);
        },
      };
      notify();
    },
  };
})();
