//! Offline pages that show scenes: one HTML file holding its style, the viewer's script and each
//! scene's `.glb` (base64), with a picture of each scene for browsers without WebGL or scripts.
//!
//! The viewer (`viewer/viewer.js`) is written for clearway: it reads the `.glb` files
//! [`crate::glb`] writes (it is not a general glTF loader), draws them with WebGL 1, turns and
//! zooms with mouse, touch or keys, shows a picked object's `extras`, and offers WebXR
//! (`immersive-ar` at real scale for a design, `immersive-vr` for a data scene) only where the
//! browser supports the session. No library and nothing fetched: the page's
//! Content-Security-Policy allows no request at all (`default-src 'none'`), so a page that
//! tried one would be refused by the browser, and the viewer counts such refusals
//! (`data-csp-violations`, counted from the head by `viewer/watch.js`) for the tests.
//!
//! What the page reports about itself, for tests and people: each figure's `data-viewer`
//! ("drawn", or "fallback" with `data-fallback` saying why), `data-drawn-pixels` (pixels the
//! first frame drew that are not background) and, with `#measure` in the address, `data-frame-ms`
//! (mean and 95th percentile of 120 frames).

use crate::glb;
use crate::model::Scene;
use crate::preview::{self, escape};
use base64::Engine;

/// The viewer's script, once per page.
pub const SCRIPT: &str = include_str!("../viewer/viewer.js");
/// The page's style.
pub const STYLE: &str = include_str!("../viewer/viewer.css");
/// The policy every page carries: scripts and styles only from the page itself, pictures only
/// as `data:`, and no request of any kind.
pub const POLICY: &str =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/// The page's first script: counts refusals by the policy from the moment parsing starts (the
/// viewer's own script comes last in the body, too late to hear about an earlier element).
pub const WATCH: &str = include_str!("../viewer/watch.js");

/// The head every page carries: the policy, the refusal counter and the viewer's style after
/// `style` (the caller's own rules for the rest of the page).
pub fn head(title: &str, style: &str) -> String {
    format!(
        "<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
         <title>{}</title>\n<script>\n{WATCH}</script>\n<style>\n{style}\n{STYLE}</style>\n</head>\n",
        escape(title)
    )
}

/// A whole page: `body` is HTML the caller built (escaped already); the viewer's script runs
/// over every figure [`figure`] made.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n{}<body>\n{body}\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        head(title, "")
    )
}

/// A scene's figure: the 3D view, its picture, caption, picked-object panel and AR/VR button,
/// with the scene's `.glb` inside. `id` must be unique in the page.
pub fn figure(id: &str, scene: &Scene) -> String {
    figure_with(id, scene, &glb::write(scene))
}

/// [`figure`] with the `.glb` already written (the caller also saves it as a file).
pub fn figure_with(id: &str, scene: &Scene, glb_bytes: &[u8]) -> String {
    let base64 = base64::engine::general_purpose::STANDARD.encode(glb_bytes);
    let mut wrapped = String::with_capacity(base64.len() + base64.len() / 76 + 1);
    for (i, chunk) in base64.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            wrapped.push('\n');
        }
        wrapped.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
    }
    format!(
        "<figure class=\"cw-scene\" id=\"{id}\" data-real-scale=\"{real}\" data-overhead=\"{overhead}\">\n\
         <div class=\"cw-stage\"><canvas tabindex=\"0\" width=\"800\" height=\"420\" aria-label=\"3D view: {title}\"></canvas>\n\
         <div class=\"cw-fallback\">{picture}</div></div>\n\
         <figcaption>{title}. {note} Drag to turn, wheel or pinch to zoom, click an object to see what it is.\
         <button class=\"cw-xr\" type=\"button\" hidden></button></figcaption>\n\
         <div class=\"cw-picked\" aria-live=\"polite\"></div>\n\
         <script type=\"model/gltf-binary;base64\">\n{wrapped}\n</script>\n</figure>",
        id = escape(id),
        real = scene.real_scale,
        overhead = scene.overhead,
        title = escape(&scene.title),
        note = escape(&scene.scale_note),
        picture = preview::svg(scene, 800, 420),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, Object};

    #[test]
    fn a_page_holds_everything_and_asks_for_nothing() {
        let mut s = Scene {
            title: "box".into(),
            scale_note: "1 unit = 1 m.".into(),
            real_scale: true,
            ..Default::default()
        };
        let mut b = Object::new("b", Mode::Triangles, [1.0, 0.0, 0.0, 1.0]);
        b.push_box([0.0; 3], [1.0; 3]);
        s.objects.push(b);
        let html = page("t", &figure("f1", &s));
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains("data-real-scale=\"true\""));
        assert!(
            html.contains("<polygon"),
            "the picture for browsers without WebGL"
        );
        // nothing outside the page: no address a browser would fetch
        for needle in [
            "src=",
            "href=",
            "url(",
            "@import",
            "fetch(",
            "XMLHttpRequest",
        ] {
            assert!(!html.contains(needle), "the page has {needle}");
        }
        // the embedded scene is the .glb, byte for byte
        let start = html.find("base64\">\n").unwrap() + "base64\">\n".len();
        let end = start + html[start..].find("\n</script>").unwrap();
        let text: String = html[start..end].split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap();
        assert_eq!(bytes, glb::write(&s));
    }
}
