//! A [`Scene`] as glTF 2.0 binary (`.glb`): one buffer, one node per object, one material per
//! colour.
//!
//! The JSON is built from `gltf-json`'s typed structs (the Rust glTF reader's own types) and
//! framed by `gltf::Glb`, so field names, enums and chunk padding are the library's, not ours.
//! Each object's positions are an accessor with its bounds (glTF requires `min`/`max` on
//! positions); triangles get flat normals so that any viewer shades them; an object's `info`
//! becomes its node's `extras`, which clearway's viewer shows when the object is picked and
//! other tools keep.

use crate::model::{Bounds, Mode, Object, Scene};
use gltf::json;
use json::validation::{Checked, USize64};
use std::collections::BTreeMap;

/// The scene as `.glb` bytes.
pub fn write(scene: &Scene) -> Vec<u8> {
    let mut root = json::Root {
        asset: json::Asset {
            copyright: None,
            extensions: None,
            extras: None,
            generator: Some(format!("clearway {}", env!("CARGO_PKG_VERSION"))),
            min_version: None,
            version: "2.0".to_string(),
        },
        ..Default::default()
    };
    let mut bin: Vec<u8> = Vec::new();
    let mut materials: BTreeMap<[u32; 4], json::Index<json::Material>> = BTreeMap::new();
    let mut nodes = Vec::new();
    for object in scene.drawable() {
        let material = *materials
            .entry(object.colour.map(f32::to_bits))
            .or_insert_with(|| root.push(material(object.colour)));
        let mesh = mesh(&mut root, &mut bin, object, material);
        nodes.push(root.push(json::Node {
            mesh: Some(mesh),
            name: Some(object.name.clone()),
            extras: extras(&object.info),
            ..Default::default()
        }));
    }
    // glTF requires a buffer to hold at least one byte: a scene with nothing drawable has none
    if !bin.is_empty() {
        let buffer = root.push(json::Buffer {
            byte_length: USize64::from(bin.len()),
            name: None,
            uri: None,
            extensions: None,
            extras: None,
        });
        for view in &mut root.buffer_views {
            view.buffer = buffer;
        }
    }
    // a glTF scene lists at least one node: a scene with nothing drawable is written without
    // one (still a valid file, which viewers show as empty)
    if !nodes.is_empty() {
        let scene_index = root.push(json::Scene {
            extensions: None,
            extras: extras(&scene.info),
            name: Some(scene.title.clone()),
            nodes,
        });
        root.scene = Some(scene_index);
    }
    let json_bytes = json::serialize::to_vec(&root).expect("a glTF root serialises");
    let glb = gltf::binary::Glb {
        header: gltf::binary::Header {
            magic: *b"glTF",
            version: 2,
            length: 0, // computed by the writer
        },
        json: std::borrow::Cow::Owned(json_bytes),
        bin: (!bin.is_empty()).then_some(std::borrow::Cow::Owned(bin)),
    };
    glb.to_vec().expect("writing to a Vec cannot fail")
}

fn material(colour: [f32; 4]) -> json::Material {
    json::Material {
        pbr_metallic_roughness: json::material::PbrMetallicRoughness {
            base_color_factor: json::material::PbrBaseColorFactor(colour),
            metallic_factor: json::material::StrengthFactor(0.0),
            roughness_factor: json::material::StrengthFactor(0.9),
            ..Default::default()
        },
        double_sided: true,
        ..Default::default()
    }
}

fn extras(info: &serde_json::Map<String, serde_json::Value>) -> json::Extras {
    if info.is_empty() {
        return None;
    }
    serde_json::value::to_raw_value(info).ok()
}

/// The object's mesh: positions (and flat normals for triangles) appended to `bin`.
fn mesh(
    root: &mut json::Root,
    bin: &mut Vec<u8>,
    object: &Object,
    material: json::Index<json::Material>,
) -> json::Index<json::Mesh> {
    let bounds = Bounds::of(&object.positions).expect("a drawable object has positions");
    let positions = vec3_accessor(root, bin, &object.positions, Some(bounds));
    let mut attributes = BTreeMap::new();
    attributes.insert(Checked::Valid(json::mesh::Semantic::Positions), positions);
    if object.mode == Mode::Triangles {
        let normals = flat_normals(&object.positions);
        let normals = vec3_accessor(root, bin, &normals, None);
        attributes.insert(Checked::Valid(json::mesh::Semantic::Normals), normals);
    }
    root.push(json::Mesh {
        extensions: None,
        extras: None,
        name: Some(object.name.clone()),
        primitives: vec![json::mesh::Primitive {
            attributes,
            extensions: None,
            extras: None,
            indices: None,
            material: Some(material),
            mode: Checked::Valid(gltf_mode(object.mode)),
            targets: None,
        }],
        weights: None,
    })
}

fn gltf_mode(mode: Mode) -> json::mesh::Mode {
    match mode {
        Mode::Points => json::mesh::Mode::Points,
        Mode::Lines => json::mesh::Mode::Lines,
        Mode::LineStrip => json::mesh::Mode::LineStrip,
        Mode::Triangles => json::mesh::Mode::Triangles,
    }
}

/// Appends `values` as float32 VEC3 to `bin` and describes them.
fn vec3_accessor(
    root: &mut json::Root,
    bin: &mut Vec<u8>,
    values: &[[f32; 3]],
    bounds: Option<Bounds>,
) -> json::Index<json::Accessor> {
    let offset = bin.len();
    bin.reserve(values.len() * 12);
    for v in values.iter().flatten() {
        bin.extend_from_slice(&v.to_le_bytes());
    }
    let view = root.push(json::buffer::View {
        buffer: json::Index::new(0),
        byte_length: USize64::from(bin.len() - offset),
        byte_offset: Some(USize64::from(offset)),
        byte_stride: None,
        name: None,
        target: Some(Checked::Valid(json::buffer::Target::ArrayBuffer)),
        extensions: None,
        extras: None,
    });
    root.push(json::Accessor {
        buffer_view: Some(view),
        byte_offset: None,
        count: USize64::from(values.len()),
        component_type: Checked::Valid(json::accessor::GenericComponentType(
            json::accessor::ComponentType::F32,
        )),
        extensions: None,
        extras: None,
        type_: Checked::Valid(json::accessor::Type::Vec3),
        min: bounds.map(|b| serde_json::json!(b.min)),
        max: bounds.map(|b| serde_json::json!(b.max)),
        name: None,
        normalized: false,
        sparse: None,
    })
}

/// One unit normal per vertex, the normal of its triangle (straight up for a degenerate one:
/// glTF requires unit normals).
fn flat_normals(positions: &[[f32; 3]]) -> Vec<[f32; 3]> {
    let mut normals = Vec::with_capacity(positions.len());
    for t in positions.chunks_exact(3) {
        let u = sub(t[1], t[0]);
        let v = sub(t[2], t[0]);
        let n = [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ];
        let length = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        let unit = if length > f32::EPSILON && length.is_finite() {
            n.map(|c| c / length)
        } else {
            [0.0, 1.0, 0.0]
        };
        normals.extend([unit; 3]);
    }
    normals
}

fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Object;

    fn scene() -> Scene {
        let mut s = Scene {
            title: "t".into(),
            ..Default::default()
        };
        let mut b = Object::new("box", Mode::Triangles, [1.0, 0.0, 0.0, 1.0]);
        b.push_box([0.0, 0.0, 0.0], [1.0, 2.0, 3.0]);
        b.info.insert("declaration_id".into(), "D1".into());
        s.objects.push(b);
        let mut l = Object::new("track", Mode::LineStrip, [0.0, 0.0, 1.0, 1.0]);
        l.positions = vec![[0.0, 0.0, 0.0], [5.0, 1.0, -2.0], [6.0, 2.0, -2.0]];
        s.objects.push(l);
        let mut p = Object::new("marks", Mode::Points, [1.0, 0.0, 0.0, 1.0]);
        p.positions = vec![[1.0, 1.0, 1.0]];
        s.objects.push(p);
        s
    }

    #[test]
    fn the_reader_reads_back_every_object_with_its_bounds_and_extras() {
        let bytes = write(&scene());
        let (doc, buffers, _) = gltf::import_slice(&bytes).unwrap();
        let nodes: Vec<_> = doc.nodes().collect();
        assert_eq!(nodes.len(), 3);
        assert_eq!(doc.materials().count(), 2, "one material per colour");
        let first = nodes[0].mesh().unwrap().primitives().next().unwrap();
        let b = first.bounding_box();
        assert_eq!((b.min, b.max), ([0.0, 0.0, 0.0], [1.0, 2.0, 3.0]));
        let reader = first.reader(|buf| Some(&buffers[buf.index()]));
        assert_eq!(reader.read_positions().unwrap().count(), 36);
        let normals: Vec<[f32; 3]> = reader.read_normals().unwrap().collect();
        assert!(normals
            .iter()
            .all(|n| ((n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) - 1.0).abs() < 1e-5));
        let extras = nodes[0].extras().as_ref().unwrap().get();
        assert_eq!(extras, r#"{"declaration_id":"D1"}"#);
        let modes: Vec<_> = nodes
            .iter()
            .map(|n| n.mesh().unwrap().primitives().next().unwrap().mode())
            .collect();
        assert_eq!(
            modes,
            [
                gltf::mesh::Mode::Triangles,
                gltf::mesh::Mode::LineStrip,
                gltf::mesh::Mode::Points
            ]
        );
    }

    #[test]
    fn an_empty_scene_is_still_a_valid_file() {
        let bytes = write(&Scene::default());
        let (doc, _, _) = gltf::import_slice(&bytes).unwrap();
        assert_eq!(doc.nodes().count(), 0);
    }

    #[test]
    fn a_degenerate_triangle_gets_a_unit_normal() {
        let n = flat_normals(&[[0.0; 3], [0.0; 3], [0.0; 3]]);
        assert_eq!(n, vec![[0.0, 1.0, 0.0]; 3]);
    }
}
