//! Theme preference: light, dark, or follow the system. Stored in localStorage and
//! applied as `data-theme` on `<html>`; the CSS resolves `system` with a media query,
//! so no listener is needed when the OS switches. `index.html` applies the stored value
//! before the app loads, so a reload never flashes the wrong theme.

/// localStorage key (also read by the inline script in `index.html`).
pub const STORAGE_KEY: &str = "devflow.theme";

/// What the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemePreference {
    Light,
    Dark,
    #[default]
    System,
}

impl ThemePreference {
    /// In the switch's order.
    pub const ALL: [ThemePreference; 3] = [Self::Light, Self::Dark, Self::System];

    /// Reads a stored value; anything unknown means "system".
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::System,
        }
    }

    /// The stored and `data-theme` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::System => "system",
        }
    }

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::System => "System",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_round_trip() {
        for theme in ThemePreference::ALL {
            assert_eq!(ThemePreference::parse(Some(theme.as_str())), theme);
        }
    }

    #[test]
    fn unknown_or_missing_values_follow_the_system() {
        for value in [None, Some(""), Some("purple"), Some("DARK")] {
            assert_eq!(
                ThemePreference::parse(value),
                ThemePreference::System,
                "{value:?}"
            );
        }
    }
}
