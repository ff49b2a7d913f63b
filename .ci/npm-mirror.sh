#!/usr/bin/env bash
# Fill a mirror folder with the web assets the maps inline, packed by the npm client from the
# npm registry (never from a CDN). Usage: .ci/npm-mirror.sh DIR [LEAFLET_VERSION]
# Result: DIR/npm/leaflet@<version>/dist/{leaflet.js,leaflet.css}; add DIR to CDSKIT_MIRROR.
# cdskit checks every file against the sha256 pinned in src/cdskit/assets.py when it reads it.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [LEAFLET_VERSION]" >&2
  exit 2
fi
dir="$1"
version="${2:-1.9.4}"
target="$dir/npm/leaflet@$version/dist"

if [ -s "$target/leaflet.js" ] && [ -s "$target/leaflet.css" ]; then
  echo "npm mirror: leaflet@$version already in $target"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm-mirror: the npm client is not installed (apt-get install npm)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null)
tarball="$work/leaflet-$version.tgz"
if [ ! -s "$tarball" ]; then
  echo "npm-mirror: npm pack leaflet@$version produced no tarball" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/leaflet.js package/dist/leaflet.css
mkdir -p "$target"
for file in leaflet.js leaflet.css; do
  cp "$work/package/dist/$file" "$target/$file.partial"
  mv "$target/$file.partial" "$target/$file"
done
echo "npm mirror: leaflet@$version -> $target"
