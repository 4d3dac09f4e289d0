//! Where the lessons' coroutines and futures print: the terminal, and a list of the lines, so that
//! a lesson and its tests can check what was printed and in which order.

use std::sync::{Arc, Mutex};

/// Prints each line after a margin and keeps it. Clones share one list, so a thread can print on
/// a clone while the lesson reads the lines afterwards.
#[derive(Clone, Debug)]
pub struct Screen {
    margin: &'static str,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Screen {
    /// A screen that prints every line after `margin`, such as `"   | "`.
    pub fn new(margin: &'static str) -> Self {
        Screen {
            margin,
            lines: Arc::default(),
        }
    }

    /// Prints `line` and keeps it.
    pub fn print(&self, line: impl Into<String>) {
        let line = line.into();
        println!("{}{line}", self.margin);
        self.lock().push(line);
    }

    /// Every line printed so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.lock().clone()
    }

    /// How many lines were printed so far.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing was printed yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        // Nothing panics while the list is locked; a poisoned list is still a list of lines.
        self.lines
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_lines_in_the_order_printed() {
        let screen = Screen::new("   | ");
        assert!(screen.is_empty());
        let clone = screen.clone();
        screen.print("one");
        std::thread::spawn(move || clone.print("two"))
            .join()
            .unwrap();
        assert_eq!(screen.lines(), ["one", "two"]);
        assert_eq!(screen.len(), 2);
    }
}
