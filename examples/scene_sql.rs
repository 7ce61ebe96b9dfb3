//! Prints the statements `clearway scene tracks` and `scene flows` run, as JSON, for the
//! benchmark's DuckDB anchor (bench/scene.py) to run the very same SQL:
//! `cargo run --release --example scene_sql`.

fn main() {
    let statements = serde_json::json!({
        "tracks": [clearway::scene::tracks::SCENE_SQL],
        "flows": [clearway::scene::flows::ROUTES],
    });
    println!("{statements}");
}
