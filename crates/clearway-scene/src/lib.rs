//! clearway's 3D scenes, apart from the database: a small scene model ([`Scene`]), its glTF 2.0
//! binary form ([`glb`]), a picture of it for pages without WebGL ([`preview`]), the world
//! outline scenes are drawn over ([`world`]), and the offline viewer page that shows a scene
//! with orbit, zoom, picking and WebXR ([`viewer`]), and the headless browser that checks such
//! pages ([`headless`]).
//!
//! Why glTF 2.0 binary: it is the open format every headset browser, phone, desktop viewer and
//! 3D tool reads, one file with its geometry inside; the Khronos validator checks what we write.
//! Why a crate of its own: none of it needs DuckDB, so its tests build and run in seconds, and
//! the main crate only turns query results into a [`Scene`].

pub mod glb;
pub mod headless;
pub mod model;
pub mod preview;
pub mod viewer;
pub mod world;

pub use model::{Bounds, Mode, Object, Scene};
