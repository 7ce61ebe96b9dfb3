//! 3MF: an OPC zip whose model parts are XML. Read with bounds, because a design file is
//! untrusted input: every part is read through a size cap (a zip's declared sizes can lie), the
//! whole package through a total cap, names that climb out of the package (`..`, absolute
//! paths) are refused, and the XML reader expands no entities beyond the five predefined ones.
//!
//! Reported: the unit, the well-known and vendor metadata (a name given twice is flagged, as the
//! specification forbids it), Production-extension UUIDs and multi-file models (components that
//! live in other model parts), Secure Content (the keystore's consumers and key UUIDs, and which
//! parts are encrypted — never decrypted), and package signatures where present. One mesh per
//! object, in millimetres, before any build transform (the design as drawn).

use super::mesh::{Mesh, Point};
use crate::limits::{excerpt, human_bytes, Bound, Limits};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;

/// What a 3MF package says besides its meshes.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Package {
    pub parts: Vec<String>,
    pub unit: String,
    pub metadata: BTreeMap<String, String>,
    pub duplicated_metadata: Vec<String>,
    pub required_extensions: Vec<String>,
    pub build_uuid: Option<String>,
    /// Build items: (object id, p:UUID, partnumber, transform).
    pub items: Vec<BuildItem>,
    /// Objects: (id, name, p:UUID).
    pub objects: Vec<(String, String, Option<String>)>,
    /// Other model parts the build refers to (Production extension).
    pub external_models: Vec<String>,
    pub encrypted_parts: Vec<String>,
    pub keystore: Option<Keystore>,
    pub signature_parts: Vec<String>,
    pub warnings: Vec<String>,
}

/// A build item: (object id, p:UUID, partnumber, transform).
pub type BuildItem = (String, Option<String>, Option<String>, Option<String>);

/// The Secure Content keystore, as far as it can be read without keys.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Keystore {
    pub uuid: Option<String>,
    pub consumers: Vec<String>,
    pub key_uuids: Vec<String>,
}

fn unit_mm(unit: &str) -> Result<f64, String> {
    Ok(match unit {
        "" | "millimeter" => 1.0,
        "micron" => 0.001,
        "centimeter" => 10.0,
        "inch" => 25.4,
        "foot" => 304.8,
        "meter" => 1000.0,
        other => return Err(format!("unknown unit `{}`", excerpt(other))),
    })
}

/// Reads every part of a zip package within the default bounds (also for zipped AMF).
pub fn bounded_parts(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    parts(bytes, &Limits::default())
}

/// Reads every part of a zip package within `limits`: each part is inflated through a reader
/// that stops one byte past [`Limits::max_part_bytes`] (a zip's declared sizes can lie, so
/// they are not trusted), and the parts together may not pass [`Limits::max_package_bytes`].
pub fn parts(bytes: &[u8], limits: &Limits) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a 3MF package (zip): {e}"))?;
    let mut out = BTreeMap::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| format!("zip entry {i}: {e}"))?;
        let name = file.name().to_string();
        if file.enclosed_name().is_none() || name.starts_with('/') || name.contains("..") {
            return Err(format!(
                "zip entry `{}` names a path outside the package (path traversal)",
                excerpt(&name)
            ));
        }
        if file.is_dir() {
            continue;
        }
        // read no further than the tighter of the two bounds, plus one byte to see it passed
        let room = limits.max_package_bytes.saturating_sub(total);
        let cap = limits.max_part_bytes.min(room);
        let mut data = Vec::new();
        (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| format!("part `{}`: {e}", excerpt(&name)))?;
        let read = data.len() as u64;
        if read > limits.max_part_bytes {
            return Err(limits.exceeded(
                Bound::PartBytes,
                &format!(
                    "zip part `{}` (entry {}, stopped after inflating {}; a zip bomb?)",
                    excerpt(&name),
                    i + 1,
                    human_bytes(read)
                ),
            ));
        }
        if read > room {
            return Err(limits.exceeded(
                Bound::PackageBytes,
                &format!(
                    "the package's parts up to `{}` (entry {}, stopped after inflating {}; a zip bomb?)",
                    excerpt(&name),
                    i + 1,
                    human_bytes(total + read)
                ),
            ));
        }
        total += read;
        out.insert(format!("/{name}"), data);
    }
    Ok(out)
}

/// Attributes of an element by local name (namespace prefixes dropped).
fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|e| format!("bad attribute value: {e}"))?
            .into_owned();
        out.insert(key, value);
    }
    Ok(out)
}

/// Relationships (Target, Type) of a `.rels` part.
fn relationships(xml: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut reader = quick_xml::Reader::from_reader(strip_bom(xml));
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("relationships: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let a = attributes(&e)?;
                out.push((
                    a.get("Target").cloned().unwrap_or_default(),
                    a.get("Type").cloned().unwrap_or_default(),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn strip_bom(xml: &[u8]) -> &[u8] {
    xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml)
}

/// A part name relative to the package root.
fn absolute(target: &str, base_dir: &str) -> String {
    if target.starts_with('/') {
        target.to_string()
    } else {
        format!("{base_dir}/{target}")
    }
}

/// Reads a 3MF package within the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<(Vec<Mesh>, Package), String> {
    read_with(bytes, &Limits::default())
}

/// Reads a 3MF package: its meshes (one per object with a mesh, in mm) and what it says.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<(Vec<Mesh>, Package), String> {
    let parts = parts(bytes, limits)?;
    let mut package = Package {
        parts: parts.keys().cloned().collect(),
        ..Default::default()
    };
    let root_rels = parts
        .get("/_rels/.rels")
        .map(|r| relationships(r))
        .transpose()?
        .unwrap_or_default();
    let model_name = root_rels
        .iter()
        .find(|(_, kind)| kind.ends_with("/3dmodel"))
        .map(|(target, _)| absolute(target, ""))
        .unwrap_or_else(|| "/3D/3dmodel.model".to_string());
    // encrypted parts, from every relationships part
    for (name, data) in &parts {
        if name.ends_with(".rels") {
            for (target, kind) in relationships(data)? {
                if kind.ends_with("/encryptedfile") {
                    let base = name
                        .trim_end_matches(|c| c != '/')
                        .trim_end_matches('/')
                        .trim_end_matches("/_rels");
                    let part = absolute(&target, base);
                    if !package.encrypted_parts.contains(&part) {
                        package.encrypted_parts.push(part);
                    }
                }
            }
        }
        if name.contains("digital-signature") || name.ends_with(".psdsxs") {
            package.signature_parts.push(name.clone());
        }
    }
    if let Some(ks) = parts.get("/Secure/keystore.xml") {
        package.keystore = Some(keystore(ks)?);
    }
    let model = parts
        .get(&model_name)
        .ok_or_else(|| format!("no model part {}", excerpt(&model_name)))?;
    let mut meshes = model_part(model, &model_name, &mut package, true)?;
    // components that live in other model parts (Production extension)
    let externals = package.external_models.clone();
    for part in externals {
        if package.encrypted_parts.contains(&part) {
            package.warnings.push(format!(
                "{part} is encrypted (Secure Content): its geometry is not read"
            ));
            continue;
        }
        match parts.get(&part) {
            Some(data) => meshes.extend(model_part(data, &part, &mut package, false)?),
            None => package.warnings.push(format!(
                "the build refers to {part}, which the package lacks"
            )),
        }
    }
    for name in &package.duplicated_metadata {
        package.warnings.push(format!(
            "metadata `{name}` is given more than once (the 3MF specification forbids it)"
        ));
    }
    Ok((meshes, package))
}

fn keystore(xml: &[u8]) -> Result<Keystore, String> {
    let mut reader = quick_xml::Reader::from_reader(strip_bom(xml));
    let mut ks = Keystore::default();
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("keystore: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) => {
                let a = attributes(&e)?;
                match e.local_name().as_ref() {
                    b"keystore" => ks.uuid = a.get("UUID").cloned(),
                    b"consumer" => ks.consumers.extend(a.get("consumerid").cloned()),
                    b"resourcedatagroup" => ks.key_uuids.extend(a.get("keyuuid").cloned()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(ks)
}

/// One model part: its objects' meshes; the root part also gives the unit, metadata and build.
fn model_part(
    xml: &[u8],
    part: &str,
    package: &mut Package,
    root: bool,
) -> Result<Vec<Mesh>, String> {
    let fail = |e: String| format!("{}: {e}", excerpt(part));
    let mut reader = quick_xml::Reader::from_reader(strip_bom(xml));
    let mut buf = Vec::new();
    let mut scale = 1.0;
    let mut meshes = Vec::new();
    let mut object: Option<(String, String)> = None;
    let mut vertices: Vec<Point> = Vec::new();
    let mut current: Option<Mesh> = None;
    let mut metadata_name: Option<String> = None;
    let mut depth_in_object = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            fail(format!(
                "XML error at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let a = attributes(e).map_err(fail)?;
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"model" => {
                        let unit = a.get("unit").cloned().unwrap_or_default();
                        scale = unit_mm(&unit).map_err(fail)?;
                        if root {
                            package.unit = if unit.is_empty() { "millimeter".into() } else { unit };
                            package.required_extensions = a
                                .get("requiredextensions")
                                .map(|r| r.split_whitespace().map(String::from).collect())
                                .unwrap_or_default();
                        }
                    }
                    b"metadata" if root && !depth_in_object => {
                        let name = a.get("name").cloned().unwrap_or_default();
                        if package.metadata.contains_key(&name) && !package.duplicated_metadata.contains(&name) {
                            package.duplicated_metadata.push(name.clone());
                        }
                        if empty {
                            package.metadata.entry(name).or_default();
                        } else {
                            metadata_name = Some(name);
                        }
                    }
                    b"object" => {
                        let id = a.get("id").cloned().unwrap_or_default();
                        let name = a.get("name").cloned().unwrap_or_default();
                        package.objects.push((id.clone(), name.clone(), a.get("UUID").cloned()));
                        object = Some((id, name));
                        depth_in_object = true;
                    }
                    b"mesh" => {
                        let (id, name) = object.clone().unwrap_or_default();
                        current = Some(Mesh {
                            name: if name.is_empty() { format!("object {id}") } else { name },
                            triangles: Vec::new(),
                        });
                        vertices.clear();
                    }
                    b"vertex" => {
                        let coord = |k: &str| -> Result<f64, String> {
                            a.get(k)
                                .and_then(|v| v.parse::<f64>().ok())
                                .filter(|v| v.is_finite())
                                .map(|v| v * scale)
                                .ok_or_else(|| fail(format!("vertex {} has no number {k}", vertices.len())))
                        };
                        vertices.push([coord("x")?, coord("y")?, coord("z")?]);
                    }
                    b"triangle" => {
                        let index = |k: &str| -> Result<Point, String> {
                            let i: usize = a
                                .get(k)
                                .and_then(|v| v.parse().ok())
                                .ok_or_else(|| fail(format!("a triangle has no index {k}")))?;
                            vertices.get(i).copied().ok_or_else(|| {
                                fail(format!(
                                    "a triangle refers to vertex {i}, but the mesh has {}",
                                    vertices.len()
                                ))
                            })
                        };
                        let t = [index("v1")?, index("v2")?, index("v3")?];
                        if let Some(m) = current.as_mut() {
                            m.triangles.push(t);
                        }
                    }
                    b"component" => {
                        if let Some(path) = a.get("path") {
                            if path != part && !package.external_models.contains(path) {
                                package.external_models.push(path.clone());
                            }
                        }
                    }
                    b"build" if root => package.build_uuid = a.get("UUID").cloned(),
                    b"item" if root => package.items.push((
                        a.get("objectid").cloned().unwrap_or_default(),
                        a.get("UUID").cloned(),
                        a.get("partnumber").cloned(),
                        a.get("transform").cloned(),
                    )),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(name) = metadata_name.take() {
                    let value = t.unescape().map_err(|e| fail(e.to_string()))?.into_owned();
                    package.metadata.entry(name).or_insert(value);
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"mesh" => meshes.extend(current.take()),
                b"object" => depth_in_object = false,
                b"metadata" => {
                    if let Some(name) = metadata_name.take() {
                        package.metadata.entry(name).or_default();
                    }
                }
                _ => {}
            },
            Event::DocType(_) => {
                return Err(fail(
                    "a DOCTYPE: 3MF models have none, and entity declarations are how XML bombs and external-entity reads start".into(),
                ))
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(meshes)
}
