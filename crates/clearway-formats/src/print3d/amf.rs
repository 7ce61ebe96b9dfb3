//! AMF (ISO/ASTM 52915): XML, plain or zipped (a zip holding one `.amf` document). One mesh per
//! `<object>`, its `<volume>` triangles joined, in millimetres after the document's `unit`. Read
//! with the same bounds as 3MF: the zip through the capped part reader, the XML without a
//! DOCTYPE (no entity expansion).

use super::mesh::{Mesh, Point};
use crate::limits::{excerpt, Limits};
use quick_xml::events::Event;

fn unit_mm(unit: &str) -> Result<f64, String> {
    Ok(match unit {
        "" | "millimeter" => 1.0,
        "micron" => 0.001,
        "inch" => 25.4,
        "feet" => 304.8,
        "meter" => 1000.0,
        other => return Err(format!("unknown unit `{}`", excerpt(other))),
    })
}

/// An AMF document's meshes and its `<metadata type="…">` values.
pub type Amf = (Vec<Mesh>, Vec<(String, String)>);

/// Reads an AMF file within the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Amf, String> {
    read_with(bytes, &Limits::default())
}

/// Reads an AMF file's meshes and its `<metadata type="…">` values; a zipped one's parts
/// within `limits`.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Amf, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        let parts = super::threemf::parts(bytes, limits)?;
        let (_, xml) = parts
            .iter()
            .find(|(name, _)| name.to_ascii_lowercase().ends_with(".amf"))
            .ok_or("a zipped AMF without an .amf document")?;
        return read_xml(xml);
    }
    read_xml(bytes)
}

fn read_xml(xml: &[u8]) -> Result<Amf, String> {
    let mut reader =
        quick_xml::Reader::from_reader(xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml));
    let mut buf = Vec::new();
    let (mut scale, mut meshes, mut metadata) = (1.0, Vec::new(), Vec::new());
    let mut vertices: Vec<Point> = Vec::new();
    let mut coord = [0.0f64; 3];
    let mut tri = [0usize; 3];
    let mut current: Option<Mesh> = None;
    let mut text_target: Option<String> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::DocType(_) => {
                return Err("a DOCTYPE: entity declarations are how XML bombs start".into())
            }
            Event::Start(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let attr = |k: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                match name.as_str() {
                    "amf" => scale = unit_mm(&attr(b"unit").unwrap_or_default())?,
                    "object" => {
                        current = Some(Mesh {
                            name: format!("object {}", attr(b"id").unwrap_or_default()),
                            triangles: Vec::new(),
                        });
                        vertices.clear();
                    }
                    "metadata" => {
                        text_target =
                            Some(format!("metadata:{}", attr(b"type").unwrap_or_default()))
                    }
                    "x" | "y" | "z" | "v1" | "v2" | "v3" => text_target = Some(name),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(target) = text_target.take() {
                    let value = t.unescape().map_err(|e| e.to_string())?.trim().to_string();
                    if let Some(key) = target.strip_prefix("metadata:") {
                        match current.as_mut() {
                            Some(m) if key == "name" => m.name = value,
                            _ => metadata.push((key.to_string(), value)),
                        }
                        continue;
                    }
                    let bad = || format!("<{target}> `{}` is not a number", excerpt(&value));
                    match target.as_str() {
                        "x" | "y" | "z" => {
                            let k = (target.as_bytes()[0] - b'x') as usize;
                            coord[k] = value
                                .parse::<f64>()
                                .ok()
                                .filter(|v| v.is_finite())
                                .ok_or_else(bad)?
                                * scale;
                        }
                        _ => {
                            let k = (target.as_bytes()[1] - b'1') as usize;
                            tri[k] = value.parse().map_err(|_| bad())?;
                        }
                    }
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"vertex" => vertices.push(coord),
                b"triangle" => {
                    let corner = |i: usize| {
                        vertices.get(i).copied().ok_or_else(|| {
                            format!(
                                "a triangle refers to vertex {i}, but the object has {}",
                                vertices.len()
                            )
                        })
                    };
                    let t = [corner(tri[0])?, corner(tri[1])?, corner(tri[2])?];
                    if let Some(m) = current.as_mut() {
                        m.triangles.push(t);
                    }
                }
                b"object" => meshes.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if meshes.is_empty() {
        return Err("no <object> with triangles".into());
    }
    Ok((meshes, metadata))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amf_tetrahedron_reads_in_millimetres() {
        let mut xml = String::from("<?xml version=\"1.0\"?><amf unit=\"inch\"><metadata type=\"name\">wedge</metadata><object id=\"7\"><metadata type=\"name\">tet</metadata><mesh><vertices>");
        for p in [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]] {
            xml.push_str(&format!(
                "<vertex><coordinates><x>{}</x><y>{}</y><z>{}</z></coordinates></vertex>",
                p[0], p[1], p[2]
            ));
        }
        xml.push_str("</vertices><volume>");
        for t in [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]] {
            xml.push_str(&format!(
                "<triangle><v1>{}</v1><v2>{}</v2><v3>{}</v3></triangle>",
                t[0], t[1], t[2]
            ));
        }
        xml.push_str("</volume></mesh></object></amf>");
        let (meshes, metadata) = read(xml.as_bytes()).unwrap();
        assert_eq!((meshes.len(), meshes[0].name.as_str()), (1, "tet"));
        let m = super::super::mesh::measure(&meshes[0]);
        assert!(
            m.watertight && (m.volume - 25.4f64.powi(3) / 6.0).abs() < 1e-6,
            "{m:?}"
        );
        assert_eq!(metadata, [("name".to_string(), "wedge".to_string())]);
        let bad = xml.replace("<v1>1</v1>", "<v1>9</v1>");
        assert!(read(bad.as_bytes())
            .unwrap_err()
            .contains("refers to vertex 9"));
    }
}
