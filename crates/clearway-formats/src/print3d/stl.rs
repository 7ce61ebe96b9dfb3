//! STL, binary and ASCII. Which one a file is follows from its size, not from a leading
//! `solid`: binary exporters routinely start their 80-byte header with "solid", so a file is
//! binary when its length is exactly 84 + 50 × the facet count at byte 80. A binary file whose
//! count disagrees with its length (truncated, or a count that lies) is an error that says both
//! numbers, never a mesh read past its end. ASCII files may hold several `solid` blocks; each
//! becomes its own mesh.

use super::mesh::{Mesh, Point, Triangle};
use crate::limits::excerpt;

/// What the file said about itself beyond the geometry.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StlInfo {
    pub binary: bool,
    /// The binary header's text (NULs dropped), or the ASCII solid names.
    pub header: String,
}

/// True when the file is a binary STL by its size: exactly 84 + 50 × the facet count at byte 80.
pub fn is_binary(bytes: &[u8]) -> bool {
    binary_facets(bytes).is_some()
}

fn binary_facets(bytes: &[u8]) -> Option<u64> {
    let count = u32::from_le_bytes(bytes.get(80..84)?.try_into().expect("4 bytes")) as u64;
    (84 + 50 * count == bytes.len() as u64).then_some(count)
}

/// Reads an STL file's meshes.
pub fn read(bytes: &[u8]) -> Result<(Vec<Mesh>, StlInfo), String> {
    if let Some(count) = binary_facets(bytes) {
        return Ok(read_binary(bytes, count as usize));
    }
    if bytes.len() >= 84 {
        let count = u32::from_le_bytes(bytes[80..84].try_into().expect("4 bytes")) as u64;
        let looks_text = bytes[..bytes.len().min(512)]
            .iter()
            .all(|b| b.is_ascii() && (*b >= 0x20 || b"\r\n\t".contains(b)));
        if !looks_text {
            return Err(format!(
                "binary STL: the header says {count} facets, which needs {} bytes, but the file has {} (truncated, or a facet count that lies)",
                84 + 50 * count,
                bytes.len()
            ));
        }
    }
    read_ascii(bytes)
}

fn read_binary(bytes: &[u8], count: usize) -> (Vec<Mesh>, StlInfo) {
    let header: String = String::from_utf8_lossy(&bytes[..80])
        .trim_end_matches('\0')
        .trim()
        .to_string();
    let f = |at: usize| {
        f64::from(f32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    let triangles = (0..count)
        .map(|i| {
            let base = 84 + 50 * i + 12; // skip the normal
            let v = |k: usize| -> Point {
                [f(base + 12 * k), f(base + 12 * k + 4), f(base + 12 * k + 8)]
            };
            [v(0), v(1), v(2)]
        })
        .collect();
    (
        vec![Mesh {
            name: String::new(),
            triangles,
        }],
        StlInfo {
            binary: true,
            header,
        },
    )
}

fn read_ascii(bytes: &[u8]) -> Result<(Vec<Mesh>, StlInfo), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "neither a binary STL (its size does not match its facet count) nor ASCII text (byte {} is not UTF-8)",
            e.valid_up_to()
        )
    })?;
    let mut meshes: Vec<Mesh> = Vec::new();
    let mut current: Option<Mesh> = None;
    let mut vertices: Vec<Point> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let mut words = line.split_whitespace();
        let Some(keyword) = words.next() else {
            continue;
        };
        match keyword.to_ascii_lowercase().as_str() {
            "solid" => {
                if current.is_some() {
                    return Err(format!("line {line_no}: `solid` inside a solid"));
                }
                current = Some(Mesh {
                    name: words.collect::<Vec<_>>().join(" "),
                    triangles: Vec::new(),
                });
            }
            "endsolid" => match current.take() {
                Some(m) => meshes.push(m),
                None => return Err(format!("line {line_no}: `endsolid` without a `solid`")),
            },
            "vertex" => {
                let coords: Vec<f64> = words
                    .map(|w| {
                        w.parse::<f64>().map_err(|_| {
                            format!("line {line_no}: `{}` is not a number", excerpt(w))
                        })
                    })
                    .collect::<Result<_, _>>()?;
                let [x, y, z] = coords[..] else {
                    return Err(format!("line {line_no}: a vertex needs three coordinates"));
                };
                if !(x.is_finite() && y.is_finite() && z.is_finite()) {
                    return Err(format!("line {line_no}: a coordinate is not finite"));
                }
                vertices.push([x, y, z]);
            }
            "endloop" => {
                let Some(mesh) = current.as_mut() else {
                    return Err(format!("line {line_no}: a facet outside any solid"));
                };
                let [a, b, c] = vertices[..] else {
                    return Err(format!(
                        "line {line_no}: a facet with {} vertices (STL facets have three)",
                        vertices.len()
                    ));
                };
                mesh.triangles.push([a, b, c] as Triangle);
                vertices.clear();
            }
            "facet" | "outer" | "endfacet" => {}
            other => return Err(format!("line {line_no}: unexpected `{}`", excerpt(other))),
        }
    }
    if let Some(m) = current {
        return Err(format!(
            "the solid `{}` has no `endsolid` (a truncated file?)",
            excerpt(&m.name)
        ));
    }
    if meshes.is_empty() {
        return Err("no `solid` in the file".into());
    }
    let header = meshes
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    Ok((
        meshes,
        StlInfo {
            binary: false,
            header,
        },
    ))
}

/// A binary STL of one mesh (for tests and the sample generator).
pub fn write_binary(header: &str, triangles: &[Triangle]) -> Vec<u8> {
    let mut out = vec![0u8; 80];
    for (slot, b) in out.iter_mut().zip(header.bytes()) {
        *slot = b;
    }
    out.extend((triangles.len() as u32).to_le_bytes());
    for t in triangles {
        out.extend([0u8; 12]);
        for p in t {
            for c in p {
                out.extend((*c as f32).to_le_bytes());
            }
        }
        out.extend([0u8; 2]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_told_by_size_even_when_it_starts_with_solid() {
        let t: Triangle = [[0.0; 3], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]];
        let bytes = write_binary("solid but binary", &[t, t]);
        let (meshes, info) = read(&bytes).unwrap();
        assert!(info.binary);
        assert_eq!(meshes[0].triangles.len(), 2);
        // a count that lies
        let mut lying = bytes.clone();
        lying[80] = 200;
        let err = read(&lying).unwrap_err();
        assert!(err.contains("says 200 facets"), "{err}");
        let cut = &bytes[..bytes.len() - 10];
        assert!(read(cut).unwrap_err().contains("truncated"));
    }

    #[test]
    fn ascii_solids_are_separate_meshes_and_errors_have_lines() {
        let text = "solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid\nsolid b\nendsolid b\n";
        let (meshes, info) = read(text.as_bytes()).unwrap();
        assert_eq!((meshes.len(), meshes[0].triangles.len()), (2, 1));
        assert_eq!(info.header, "a, b");
        let bad = text.replace("vertex 1 0 0", "vertex 1 zero 0");
        assert_eq!(
            read(bad.as_bytes()).unwrap_err(),
            "line 5: `zero` is not a number"
        );
        assert!(read(b"solid x\nfacet\n")
            .unwrap_err()
            .contains("no `endsolid`"));
    }
}
