//! The viewer page in headless Chromium (Debian's `chromium`, installed by `.ci/run`), opened
//! from the file system: the canvas draws, picking finds the object under a point, a browser
//! without WebGL gets the picture, no request leaves the page, and a screenshot is written for
//! people to look at (`target/tmp/clearway-scene-viewer.png`). Under CI a missing Chromium fails
//! the test; elsewhere the test says it skipped.

use clearway_scene::headless::{self, attribute, chromium, Visit};
use clearway_scene::{model::risk_colour, viewer, Mode, Object, Scene};
use std::path::{Path, PathBuf};

/// The page's DOM after it ran, or a screenshot when `screenshot` is given.
fn run(page: &Path, fragment: &str, extra: &[&str], screenshot: Option<&Path>) -> String {
    let how = Visit {
        fragment,
        extra,
        screenshot,
        height: 800,
    };
    headless::visit(page, &how).unwrap()
}

fn tempfile_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "clearway-scene-browser-{what}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn scene() -> Scene {
    let mut s = Scene {
        title: "Five declarations".into(),
        scale_note: "1 unit = 1 m.".into(),
        real_scale: true,
        ..Default::default()
    };
    for i in 0..5 {
        let mut b = Object::new(
            format!("column {i}"),
            Mode::Triangles,
            risk_colour(i as f64 / 4.0),
        );
        let x = i as f32 * 1.5;
        b.push_box([x, 0.0, 0.0], [x + 1.0, 1.0 + i as f32 * 0.5, 1.0]);
        b.info
            .insert("declaration_id".into(), format!("D{i}").into());
        s.objects.push(b);
    }
    let mut t = Object::new("track", Mode::LineStrip, [0.2, 0.2, 0.8, 1.0]);
    t.positions = (0..200)
        .map(|i| [i as f32 * 0.04, 3.5 + (i as f32 * 0.1).sin(), 0.5])
        .collect();
    s.objects.push(t);
    s
}

fn page() -> PathBuf {
    let dir = tempfile_dir("page");
    let path = dir.join("scene.html");
    std::fs::write(
        &path,
        viewer::page("scene", &viewer::figure("scene-1", &scene())),
    )
    .unwrap();
    path
}

fn browser_or_skip() -> bool {
    if chromium().is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set and chromium is not installed (.ci/run installs it)"
    );
    eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    false
}

#[test]
fn the_canvas_draws_from_the_file_system_and_asks_for_nothing() {
    if !browser_or_skip() {
        return;
    }
    let page = page();
    let dom = run(&page, "", &[], None);
    assert_eq!(
        attribute(&dom, "<figure", "data-viewer"),
        Some("drawn"),
        "{dom}"
    );
    let pixels: u64 = attribute(&dom, "<figure", "data-drawn-pixels")
        .unwrap()
        .parse()
        .unwrap();
    assert!(pixels > 5_000, "only {pixels} pixels drawn");
    assert_eq!(attribute(&dom, "<body", "data-resources-loaded"), Some("0"));
    assert_eq!(attribute(&dom, "<body", "data-csp-violations"), Some("0"));
    let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join("clearway-scene-viewer.png");
    run(&page, "", &[], Some(&png));
    assert!(std::fs::metadata(&png).unwrap().len() > 5_000);
}

#[test]
fn a_click_on_an_object_shows_its_declaration() {
    if !browser_or_skip() {
        return;
    }
    let dom = run(&page(), "#pick-test", &[], None);
    assert_eq!(
        attribute(&dom, "<figure", "data-picked"),
        Some("column 0"),
        "{dom}"
    );
    assert!(dom.contains("<td>declaration id</td><td>D0</td>"), "{dom}");
}

#[test]
fn without_webgl_the_picture_stays() {
    if !browser_or_skip() {
        return;
    }
    let dom = run(&page(), "", &["--disable-webgl", "--disable-3d-apis"], None);
    assert_eq!(
        attribute(&dom, "<figure", "data-viewer"),
        Some("fallback"),
        "{dom}"
    );
    assert_eq!(
        attribute(&dom, "<figure", "data-fallback"),
        Some("no WebGL")
    );
    assert!(!attribute(&dom, "<figure", "class")
        .unwrap()
        .contains("cw-live"));
    assert!(dom.contains("<polygon"));
}

#[test]
fn a_request_the_page_tried_would_be_refused_and_counted() {
    if !browser_or_skip() {
        return;
    }
    // the same page with an image from the network added: the policy refuses it
    let dir = tempfile_dir("hostile");
    let path = dir.join("page.html");
    let body = format!(
        "<img alt=\"x\" src=\"http://192.0.2.1/x.png\">{}",
        viewer::figure("scene-1", &scene())
    );
    std::fs::write(&path, viewer::page("scene", &body)).unwrap();
    let dom = run(&path, "", &[], None);
    assert_eq!(
        attribute(&dom, "<body", "data-csp-violations"),
        Some("1"),
        "{dom}"
    );
}

#[test]
fn a_page_without_the_counter_says_it_did_not_count() {
    if !browser_or_skip() {
        return;
    }
    // the viewer alone cannot hear refusals made while the page was parsed: it must not say 0
    let dir = tempfile_dir("uncounted");
    let path = dir.join("page.html");
    let page = viewer::page("scene", &viewer::figure("scene-1", &scene()));
    assert!(page.contains(viewer::WATCH));
    std::fs::write(&path, page.replace(viewer::WATCH, "")).unwrap();
    let dom = run(&path, "", &[], None);
    assert_eq!(
        attribute(&dom, "<body", "data-csp-violations"),
        Some("uncounted"),
        "{dom}"
    );
}
