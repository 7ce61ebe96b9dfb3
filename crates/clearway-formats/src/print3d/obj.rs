//! Wavefront OBJ: `v` vertices and `f` faces (indices `i`, `i/t`, `i/t/n`, `i//n`, negative
//! ones counting back from the latest vertex), polygons fanned into triangles, one mesh per
//! `o` object (a file without `o` is one mesh). OBJ carries no unit; millimetres are assumed, as
//! for STL, and the scan says so.

use super::mesh::{Mesh, Point};
use crate::limits::excerpt;

/// Reads an OBJ file's meshes.
pub fn read(bytes: &[u8]) -> Result<Vec<Mesh>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text at byte {}", e.valid_up_to()))?;
    let mut vertices: Vec<Point> = Vec::new();
    let mut meshes: Vec<Mesh> = vec![Mesh::default()];
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let mut words = line.split_whitespace();
        match words.next() {
            Some("v") => {
                let c: Vec<f64> = words
                    .take(3)
                    .map(|w| {
                        w.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .ok_or_else(|| {
                                format!("line {line_no}: `{}` is not a coordinate", excerpt(w))
                            })
                    })
                    .collect::<Result<_, _>>()?;
                let [x, y, z] = c[..] else {
                    return Err(format!("line {line_no}: a vertex needs three coordinates"));
                };
                vertices.push([x, y, z]);
            }
            Some("f") => {
                let corners: Vec<Point> = words
                    .map(|w| {
                        let index = w.split('/').next().unwrap_or("");
                        let n: i64 = index
                            .parse()
                            .map_err(|_| format!("line {line_no}: `{}` is not a vertex index", excerpt(w)))?;
                        let at = if n < 0 {
                            vertices.len() as i64 + n
                        } else {
                            n - 1
                        };
                        usize::try_from(at)
                            .ok()
                            .and_then(|a| vertices.get(a).copied())
                            .ok_or_else(|| {
                                format!(
                                    "line {line_no}: face refers to vertex {n}, but {} are defined so far",
                                    vertices.len()
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?;
                if corners.len() < 3 {
                    return Err(format!("line {line_no}: a face needs three vertices"));
                }
                let mesh = meshes.last_mut().expect("always one");
                for k in 1..corners.len() - 1 {
                    mesh.triangles
                        .push([corners[0], corners[k], corners[k + 1]]);
                }
            }
            Some("o") => {
                let name = words.collect::<Vec<_>>().join(" ");
                let current = meshes.last_mut().expect("always one");
                if current.triangles.is_empty() {
                    current.name = name;
                } else {
                    meshes.push(Mesh {
                        name,
                        triangles: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    meshes.retain(|m| !m.triangles.is_empty());
    if meshes.is_empty() {
        return Err("no faces (f lines) in the file".into());
    }
    Ok(meshes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_fan_objects_split_and_bad_indices_say_where() {
        let text = "# a quad and a triangle\no plate\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1/1/1 2/2/2 3/3/3 4/4/4\no wedge\nv 0 0 1\nf -1 1//1 2\n";
        let meshes = read(text.as_bytes()).unwrap();
        assert_eq!(
            meshes
                .iter()
                .map(|m| (m.name.as_str(), m.triangles.len()))
                .collect::<Vec<_>>(),
            [("plate", 2), ("wedge", 1)]
        );
        assert_eq!(meshes[1].triangles[0][0], [0.0, 0.0, 1.0]);
        let err = read(b"v 0 0 0\nf 1 2 3\n").unwrap_err();
        assert_eq!(
            err,
            "line 2: face refers to vertex 2, but 1 are defined so far"
        );
        assert!(read(b"v 0 0 0\n").unwrap_err().contains("no faces"));
    }
}
