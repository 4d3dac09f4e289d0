//! The served book as a reader's browser shows it: a real headless Chromium, driven over the
//! DevTools protocol (`cdp`), against `cargo run`'s own server. One browser does every check, and
//! every check is reported, so that one broken feature does not hide another.

#![cfg(unix)]

use crate::cdp::{Browser, Decision, STEP, Tab, decide, find_browser, under_ci};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

#[test]
fn a_missing_browser_skips_the_test_but_fails_it_in_ci() {
    assert!(
        matches!(decide(None, false), Decision::Skip(why) if why.contains("apt-get install chromium"))
    );
    assert!(matches!(decide(None, true), Decision::Fail(why) if why.contains("CI=true")));
    let found = Path::new("/usr/bin/chromium").to_path_buf();
    assert_eq!(
        decide(Some(found.clone()), true),
        Decision::Run(found.clone())
    );
    assert_eq!(decide(Some(found.clone()), false), Decision::Run(found));
}

#[test]
fn a_reader_sees_persian_right_to_left_switches_language_searches_and_stays_local() {
    let program = match decide(find_browser(), under_ci()) {
        Decision::Run(program) => program,
        // Straight to stderr: the test harness would hold back a println! of a test that passed.
        Decision::Skip(why) => return drop(writeln!(std::io::stderr(), "{why}")),
        Decision::Fail(why) => panic!("{why}"),
    };
    // The browser starts while the server builds the book: neither waits for the other.
    let mut browser = Browser::launch(&program, crate::common::scratch());
    let (folder, project) = crate::common::copy_of_repository();
    // Three chapters build in a fraction of the whole book's time, and still give each search a
    // wrong page to list: the right one is the chapter that teaches locks and deadlock.
    crate::common::keep_only_pages(
        &project,
        &[
            "introduction.md",
            "locks-and-races.md",
            "reentrant-locks.md",
        ],
    );
    // Started the way `cargo run` starts it, on a free port; killed when dropped.
    let server = crate::serve::Server::start(&project.root, &folder.path().join("site"));
    let session = browser.open_tab().expect("a tab opens");
    let mut tab = Tab {
        browser: &mut browser,
        session,
    };
    tab.call("Network.enable", json!({}))
        .expect("network events");
    let site = &format!("http://127.0.0.1:{}", server.port);

    let mut problems = Vec::new();
    let mut note = |result: Result<(), String>| {
        if let Err(problem) = result {
            problems.push(problem);
        }
    };
    note(persian_page_is_right_to_left_with_code_left_to_right(
        &mut tab, site,
    ));
    note(picker_opens_the_same_chapter(&mut tab, site));
    for (page, word) in [("fa/", "قفل"), ("fa/", "بن‌بست"), ("", "deadlock")] {
        let start = format!("{site}/{page}introduction.html");
        note(search_lists(
            &mut tab,
            &start,
            word,
            &format!("/{page}locks-and-races.html"),
        ));
    }
    // A search result opens its page with `?highlight=`: typed on an Arabic keyboard and without
    // the non-joiner, «ميشود» must still mark «می‌شود» there.
    note(highlight_marks(
        &mut tab,
        &format!(
            "{site}/fa/locks-and-races.html?highlight={}",
            percent_encoded("ميشود")
        ),
        "می‌شود",
    ));
    // One more round trip: the browser sends a page's events before a later reply, so every
    // request made so far is among the events once it returns.
    note(tab.eval("0").map(drop));
    note(every_request_stayed_local(&tab.browser.events));
    assert!(problems.is_empty(), "{problems:#?}");
}

fn persian_page_is_right_to_left_with_code_left_to_right(
    tab: &mut Tab,
    site: &str,
) -> Result<(), String> {
    tab.open(&format!("{site}/fa/locks-and-races.html"))?;
    tab.wait_for(
        "[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Vazirmatn' && f.status === 'loaded')",
        "the Persian font Vazirmatn loaded",
    )?;
    // Every Persian paragraph, every inline code in one and every code block, as sets of values:
    // one stray element in the wrong direction shows up as a second value.
    let page = tab.eval(
        "(() => { const style = e => getComputedStyle(e);
          const all = (selector, take) => [...new Set([...document.querySelectorAll(selector)].filter(e =>
            selector !== 'main p' || /[\\u0600-\\u06FF]/.test(e.textContent)).map(e => take(style(e))))];
          const persian = [...document.querySelectorAll('main p')].find(p => /[\\u0600-\\u06FF]/.test(p.textContent));
          if (persian) persian.setAttribute('data-browser-test', '');
          return { dir: document.documentElement.getAttribute('dir'), lang: document.documentElement.lang,
            body: style(document.body).direction, main: style(document.querySelector('main')).direction,
            para: all('main p', s => s.direction), font: all('main p', s => s.fontFamily.split(',')[0].replace(/\"/g, '')),
            inline: all('main p code', s => s.direction), block: all('main pre', s => s.direction),
            block_code: all('main pre code', s => s.direction) }; })()",
    )?;
    let expected = json!({ "dir": "rtl", "lang": "fa", "body": "rtl", "main": "rtl", "para": ["rtl"],
        "font": ["Vazirmatn"], "inline": ["ltr"], "block": ["ltr"], "block_code": ["ltr"] });
    let mut problems: Vec<String> = expected
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, want)| page[key.as_str()] != **want)
        .map(|(key, want)| format!("{key}: {} instead of {want}", page[key.as_str()]))
        .collect();
    // What really drew the letters, not only what the style asked for: the font that rendered
    // most of a Persian paragraph's glyphs must be the bundled one.
    let rendered = rendering_fonts(tab, "[data-browser-test]")?;
    if rendered.first().map(String::as_str) != Some("Vazirmatn (bundled)") {
        problems.push(format!("a Persian paragraph was drawn with {rendered:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("/fa/locks-and-races.html: {problems:?}"))
    }
}

fn picker_opens_the_same_chapter(tab: &mut Tab, site: &str) -> Result<(), String> {
    tab.open(&format!("{site}/fa/locks-and-races.html"))?;
    for (language, path) in [
        ("en", "/locks-and-races.html"),
        ("fa", "/fa/locks-and-races.html"),
    ] {
        tab.click(&format!(".language-picker a[hreflang=\"{language}\"]"))?;
        tab.wait_for(
            &format!(
                "location.pathname === {} && document.readyState === 'complete' && document.documentElement.lang === {}",
                json!(path),
                json!(language)
            ),
            &format!("the picker's {language} entry opening {path}"),
        )?;
    }
    Ok(())
}

/// Opens the search bar with its button, types `word` and waits for a result that links to `page`.
fn search_lists(tab: &mut Tab, start: &str, word: &str, page: &str) -> Result<(), String> {
    tab.open(start)?;
    tab.click("#mdbook-search-toggle")?;
    tab.wait_for(
        "document.activeElement === document.getElementById('mdbook-searchbar')",
        "the search bar taking the focus",
    )?;
    tab.type_text(word)?;
    let results = "[...document.querySelectorAll('#mdbook-searchresults a')].map(a => new URL(a.href).pathname)";
    let found = format!("{results}.includes({})", json!(page));
    tab.wait_for(&found, word).map(drop).map_err(|_| {
        let listed: Value = tab.eval(results).unwrap_or_default();
        format!("searching {word:?} from {start} listed {listed} within {STEP:?}, not {page}")
    })
}

/// Opening `url` (with `?highlight=`) marks at least one word on the page, and each mark's text
/// is `word`.
fn highlight_marks(tab: &mut Tab, url: &str, word: &str) -> Result<(), String> {
    tab.open(url)?;
    let marks = "[...document.querySelectorAll('main mark')].map(m => m.textContent)";
    tab.wait_for(&format!("{marks}.length > 0"), "a highlighted word")
        .map_err(|_| format!("{url} highlighted nothing within {STEP:?}"))?;
    let marked: Vec<String> = serde_json::from_value(tab.eval(marks)?).unwrap_or_default();
    match marked.iter().find(|text| text.as_str() != word) {
        None => Ok(()),
        Some(other) => Err(format!(
            "{url} marked {other:?}, not only {word:?}: {marked:?}"
        )),
    }
}

/// `text` as a URL's query spells it (and as `location.href` gives it back): every byte of its
/// UTF-8 as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}

/// The fonts that drew the text of the element `selector` picks, the most used first, each marked
/// "(bundled)" if the page supplied it.
fn rendering_fonts(tab: &mut Tab, selector: &str) -> Result<Vec<String>, String> {
    tab.call("DOM.enable", json!({}))?;
    tab.call("CSS.enable", json!({}))?;
    let document = tab.call("DOM.getDocument", json!({}))?;
    let node = tab.call(
        "DOM.querySelector",
        json!({ "nodeId": document["root"]["nodeId"], "selector": selector }),
    )?;
    let fonts = tab.call(
        "CSS.getPlatformFontsForNode",
        json!({ "nodeId": node["nodeId"] }),
    )?;
    let mut fonts = fonts["fonts"].as_array().cloned().unwrap_or_default();
    fonts.sort_by_key(|font| std::cmp::Reverse(font["glyphCount"].as_u64()));
    Ok(fonts
        .iter()
        .map(|font| {
            let name = font["familyName"].as_str().unwrap_or("?");
            match font["isCustomFont"].as_bool() {
                Some(true) => format!("{name} (bundled)"),
                _ => name.to_owned(),
            }
        })
        .collect())
}

/// Every request the tab made went to the book's own server (or was a `data:` URL).
fn every_request_stayed_local(events: &[Value]) -> Result<(), String> {
    let urls: Vec<&str> = events
        .iter()
        .filter(|event| event["method"] == "Network.requestWillBeSent")
        .filter_map(|event| event["params"]["request"]["url"].as_str())
        .collect();
    if urls.len() < 10 {
        return Err(format!("only {} requests were seen: {urls:?}", urls.len()));
    }
    let foreign: Vec<&&str> = urls.iter().filter(|url| !is_local(url)).collect();
    if foreign.is_empty() {
        Ok(())
    } else {
        Err(format!("requests left 127.0.0.1: {foreign:?}"))
    }
}

/// A `data:` URL, or one whose host is exactly 127.0.0.1 (not, say, `127.0.0.1.example.com` or
/// `127.0.0.1@example.com`).
fn is_local(url: &str) -> bool {
    if url.starts_with("data:") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.strip_prefix("127.0.0.1").is_some_and(|port| {
        port.is_empty()
            || port
                .strip_prefix(':')
                .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[test]
fn only_loopback_and_data_urls_count_as_local() {
    assert!(is_local("http://127.0.0.1:4567/fa/index.html"));
    assert!(is_local("data:font/woff2;base64,AAAA"));
    for foreign in [
        "http://127.0.0.1.example.com/",
        "http://127.0.0.1@example.com/",
        "http://127.0.0.1:80x/",
        "https://fonts.googleapis.com/css",
        "http://localhost:4567/",
    ] {
        assert!(!is_local(foreign), "{foreign}");
    }
}
