//! Catches what mdBook reports while it builds, so a build can be judged "no warnings".
//!
//! mdBook logs through `tracing`; a broken `{{#include}}`, for one, is only logged as an error while
//! the build goes on. Collecting those events turns them into something a check can assert on.

use std::fmt;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The warnings and errors logged while a closure ran on this thread.
#[derive(Clone, Default)]
struct Collector {
    found: Arc<Mutex<Vec<String>>>,
    echo: bool,
}

impl<S: Subscriber> Layer<S> for Collector {
    fn on_event(&self, event: &Event<'_>, _context: Context<'_, S>) {
        // tracing orders levels by verbosity: WARN and ERROR are the ones at or below WARN.
        let level = *event.metadata().level();
        if level > Level::WARN {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        let line = format!("{} ({}): {}", level, event.metadata().target(), text.0);
        if self.echo {
            eprintln!("{line}");
        }
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }
}

#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        } else {
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }
}

/// Runs `work` and returns its result with every warning and error mdBook logged meanwhile.
/// With `echo`, each one is also printed to stderr as it happens.
pub fn collect_warnings<T>(echo: bool, work: impl FnOnce() -> T) -> (T, Vec<String>) {
    let collector = Collector {
        found: Arc::default(),
        echo,
    };
    let found = Arc::clone(&collector.found);
    let subscriber = tracing_subscriber::registry().with(collector);
    // Scoped to this thread: mdBook builds on the calling thread, and tests that build in
    // parallel must not see each other's warnings.
    let value = tracing::subscriber::with_default(subscriber, work);
    let warnings = std::mem::take(&mut *found.lock().unwrap_or_else(|e| e.into_inner()));
    (value, warnings)
}
