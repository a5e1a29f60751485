#!/usr/bin/env bash
# Writes and reads N synthetic incidents (default 1,000,000) as GeoPackage, FlatGeobuf and GeoParquet with
# incident-atlas, and GDAL's ogr2ogr doing the same conversions on the same data, side by side.
#   write: our GeoJSON → FORMAT      (incident-atlas export …; ogr2ogr -f DRIVER …, GDAL 3.6 string lists as
#                                     text: its FlatGeobuf writer stops at a StringList field otherwise)
#   read:  FORMAT → GeoJSON          (incident-atlas export …; ogr2ogr -f GeoJSON …), each tool its own file
# Prints seconds (wall) and peak resident MB per step, medians of RUNS (default 3). Needs a release build
# (cargo build --release) and gdal-bin. GDAL 3.6 has no (Geo)Parquet driver: those GDAL cells say so.
#   usage: benches/formats-vs-gdal.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${2:-3}
atlas=target/release/incident-atlas
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$atlas" synth --count "$n" --seed 7 --to "$work/in.geojson" 2>/dev/null
# FlatGeobuf keeps unlocated incidents in its header, which GDAL caps at 10 MiB (about 10,000 of them): its
# rows start from the located incidents only (5% of synth's are unlocated), for both tools.
"$atlas" export "$work/in.geojson" --to "$work/all.geojsons" >/dev/null 2>&1
grep -v '"geometry":null' "$work/all.geojsons" > "$work/located.geojsons"
"$atlas" export "$work/located.geojsons" --to "$work/located.geojson" >/dev/null 2>&1
rm "$work/all.geojsons" "$work/located.geojsons"

# Median "seconds peak-MB" of `runs` runs of a command.
measure() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1
  done | sort -n | awk '{ t[NR] = $1; m[NR] = $2 } END { k = int((NR + 1) / 2); printf "%.2f s %d MB", t[k], m[k] / 1024 }'
}

printf "%s incidents, medians of %s runs\n" "$n" "$runs"
printf "| format | step | incident-atlas | ogr2ogr | ratio |\n|---|---|---|---|---|\n"
for format in gpkg fgb parquet; do
  input=$work/in.geojson
  case $format in
    gpkg) driver=GPKG ;;
    fgb) driver=FlatGeobuf input=$work/located.geojson ;;
    parquet) driver="" ;;
  esac
  ours_write=$(measure "$atlas" export "$input" --to "$work/ours.$format")
  ours_read=$(measure "$atlas" export "$work/ours.$format" --to "$work/ours-back.geojson")
  if [[ -n $driver ]]; then
    gdal_write=$(measure sh -c "rm -f '$work/gdal.$format' && ogr2ogr -f $driver -mapFieldType StringList=String '$work/gdal.$format' '$input'")
    gdal_read=$(measure sh -c "rm -f '$work/gdal-back.geojson' && ogr2ogr -f GeoJSON '$work/gdal-back.geojson' '$work/gdal.$format'")
  else
    gdal_write="no driver in GDAL 3.6"
    gdal_read="no driver in GDAL 3.6"
  fi
  ratio() { awk -v a="${1%% s*}" -v b="${2%% s*}" 'BEGIN { if (b + 0 > 0) printf "%.2f×", a / b; else print "—" }'; }
  printf "| %s | write | %s | %s | %s |\n" "$format" "$ours_write" "$gdal_write" "$(ratio "$ours_write" "$gdal_write")"
  printf "| %s | read | %s | %s | %s |\n" "$format" "$ours_read" "$gdal_read" "$(ratio "$ours_read" "$gdal_read")"
done
