#!/usr/bin/env sh
# Vendor the published YASGUI build (@zazuko/yasgui, the maintained fork) into lod/web/static/yasgui/.
#
#   tools/vendor-yasgui.sh            # the latest version on the npm registry
#   tools/vendor-yasgui.sh 4.6.2      # a given version
#
# Downloads the package tarball with `npm pack` into a temporary directory (nothing is installed, no
# package.json is touched) and copies the minified build files as published, with the licence and
# a VERSION note. The served files are never edited by hand: re-run this script to update them.
set -eu

PACKAGE="@zazuko/yasgui"
HERE=$(cd "$(dirname "$0")/.." && pwd)
DEST="$HERE/lod/web/static/yasgui"
FILES="yasgui.min.js yasgui.min.css"

command -v npm >/dev/null 2>&1 || { echo "vendor-yasgui: npm is needed" >&2; exit 2; }
VERSION=${1:-$(npm view "$PACKAGE" version)}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
(cd "$TMP" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL=$(ls "$TMP"/*.tgz)
tar -xzf "$TARBALL" -C "$TMP"
PKG="$TMP/package"

for f in $FILES; do
  [ -f "$PKG/build/$f" ] || { echo "vendor-yasgui: $PACKAGE@$VERSION has no build/$f" >&2; exit 1; }
done
LICENSE=$(ls "$PKG" | grep -i -m1 '^licen[cs]e' || true)

mkdir -p "$DEST"
for f in $FILES; do
  cp "$PKG/build/$f" "$DEST/$f"
done
if [ -n "$LICENSE" ]; then
  cp "$PKG/$LICENSE" "$DEST/LICENSE"
else  # the package declares its licence in package.json only
  node -e 'const p=require(process.argv[1]);console.log(`${p.name} is licensed under ${p.license}.`)' \
    "$PKG/package.json" > "$DEST/LICENSE"
fi

SHA=$(cd "$TMP" && (sha256sum "$(basename "$TARBALL")" 2>/dev/null || shasum -a 256 "$(basename "$TARBALL")") | cut -d' ' -f1)
{
  echo "$PACKAGE $VERSION"
  echo "tarball: https://registry.npmjs.org/$PACKAGE/-/yasgui-$VERSION.tgz"
  echo "sha256:  $SHA"
  for f in $FILES; do
    echo "$f: build/$f, sha256 $(cd "$DEST" && (sha256sum "$f" 2>/dev/null || shasum -a 256 "$f") | cut -d' ' -f1)"
  done
} > "$DEST/VERSION"

echo "vendor-yasgui: $PACKAGE@$VERSION -> $DEST"
