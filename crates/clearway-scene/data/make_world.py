"""Derives clearway's world outline and country centroids from world-atlas (npm).

world-atlas 2.0.2 (ISC licence, Michael Bostock) redistributes Natural Earth 4.1.0 (public
domain) as TopoJSON. This script decodes its topologies and writes two small text files the
scene crate embeds:

- world-110m.txt: one coastline ring per line, "lon,lat lon,lat ...", 0.1 degree precision,
  from the 1:110m land;
- country-centroids.csv (from the 1:50m countries, which keep Singapore, Hong Kong, Malta…): ISO 3166-1 numeric code, name, lon, lat of the centre of the country's
  largest polygon (so that France is in Europe, not pulled towards French Guiana).

Run from this folder:  npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz &&
python3 make_world.py package
"""
import json
import sys


def arcs_of(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def ring(arcs, indices):
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def area_and_centre(points):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, points[0]
    return abs(a) / 2, (cx / (3 * a), cy / (3 * a))


def main(folder):
    land = json.load(open(f"{folder}/land-110m.json"))
    arcs = arcs_of(land)
    with open("world-110m.txt", "w") as out:
        for geometry in land["objects"]["land"]["geometries"]:
            for polygon in polygons(geometry):
                for indices in polygon:
                    points = ring(arcs, indices)
                    out.write(" ".join(f"{x:.1f},{y:.1f}" for x, y in points) + "\n")
    countries = json.load(open(f"{folder}/countries-50m.json"))
    arcs = arcs_of(countries)
    with open("country-centroids.csv", "w") as out:
        out.write("numeric,name,lon,lat\n")
        for geometry in countries["objects"]["countries"]["geometries"]:
            if "id" not in geometry:
                continue
            best = max(
                (area_and_centre(ring(arcs, p[0])) for p in polygons(geometry)),
                default=None,
                key=lambda ac: ac[0],
            )
            if best is None:
                continue
            name = geometry["properties"]["name"].replace(",", " ")
            lon, lat = best[1]
            out.write(f"{geometry['id']},{name},{lon:.2f},{lat:.2f}\n")


main(sys.argv[1])
