#!/usr/bin/env sh
# Vendor the published YASGUI build (@zazuko/yasgui, the maintained fork of Triply's YASGUI) into
# lod/web/static/yasgui/, which the SPARQL page (lod/web/templates/sparql.html) loads from /static/.
#
#   tools/vendor-yasgui.sh            # the latest release on the npm registry
#   tools/vendor-yasgui.sh 4.6.2      # a given release
#
# `npm pack` downloads the release tarball into a temporary directory (nothing is installed, no
# package.json or node_modules appear in the project). The minified build files are copied as published,
# never edited; VERSION records the release and the SHA-256 of the tarball and of each copied file
# (tests/test_sparql_page.py checks them), LICENSE the licence and the packages bundled in the build.
# After updating: run `make test` (it starts the page in headless Chromium) and look at the page.
set -eu

PACKAGE="@zazuko/yasgui"
FILES="yasgui.min.js yasgui.min.css"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/lod/web/static/yasgui"

for tool in npm node tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "vendor-yasgui: $tool is needed" >&2; exit 2; }
done
VERSION=${1:-$(npm view "$PACKAGE" version)}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
(cd "$TMP" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL=$(ls "$TMP"/*.tgz)
tar -xzf "$TARBALL" -C "$TMP"
PKG="$TMP/package"

sha256() { (sha256sum "$1" 2>/dev/null || shasum -a 256 "$1") | cut -d' ' -f1; }

for f in $FILES; do
  [ -f "$PKG/build/$f" ] || { echo "vendor-yasgui: $PACKAGE@$VERSION has no build/$f" >&2; exit 1; }
done

mkdir -p "$DEST"
for f in $FILES; do
  cp "$PKG/build/$f" "$DEST/$f"
done

{
  echo "$PACKAGE $VERSION"
  echo "tarball: https://registry.npmjs.org/$PACKAGE/-/yasgui-$VERSION.tgz sha256 $(sha256 "$TARBALL")"
  for f in $FILES; do
    echo "$f: build/$f sha256 $(sha256 "$DEST/$f")"
  done
} > "$DEST/VERSION"

# The licence: the package's own file when it ships one; otherwise (4.x ships none) the MIT licence its
# package.json declares, in the text of the upstream project, with who it names.
LICENSE_FILE=$(ls "$PKG" | grep -i -m1 '^licen[cs]e' || true)
node - "$PKG" "$DEST/LICENSE" "${LICENSE_FILE:-}" <<'EOF'
const fs = require("fs"), path = require("path");
const [pkgDir, out, licenseFile] = process.argv.slice(2);
const pkg = require(path.join(pkgDir, "package.json"));
const people = [pkg.author, ...(pkg.contributors || [])].filter(Boolean)
  .map((p) => (typeof p === "string" ? p : p.name)).join(", ");
const MIT = `The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`;
let text;
if (licenseFile) {
  text = fs.readFileSync(path.join(pkgDir, licenseFile), "utf8");
} else if (pkg.license === "MIT") {
  text = `${pkg.name} ${pkg.version}: licence "${pkg.license}" (package.json), by ${people}.\n` +
    `The package ships no licence file; this is the MIT licence text of the upstream project.\n\n${MIT}`;
} else {
  console.error(`vendor-yasgui: ${pkg.name} ${pkg.version} declares licence ${pkg.license}: check it before use`);
  process.exit(1);
}
// what the minified build bundles (from its source map), each under its own licence
let bundled = [];
try {
  const map = JSON.parse(fs.readFileSync(path.join(pkgDir, "build", "yasgui.min.js.map"), "utf8"));
  bundled = [...new Set(map.sources.filter((s) => s.includes("node_modules/")).map((s) => {
    const parts = s.split("node_modules/").pop().split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }))].sort();
} catch (e) { /* no source map: nothing to list */ }
if (bundled.length) {
  text += `\n\nThird-party packages bundled in yasgui.min.js and yasgui.min.css (see each package for its\n` +
    `licence; the minified files keep none of their notices):\n\n` +
    bundled.map((b) => `  ${b}`).join("\n") + "\n";
}
fs.writeFileSync(out, text);
EOF

cat > "$DEST/README.md" <<EOF
# YASGUI, vendored

The SPARQL page's editor and result table: [YASGUI](https://github.com/rdfjs/Yasgui) as published on npm
as \`$PACKAGE\` (the maintained fork by Zazuko of Triply's YASGUI), release **$VERSION**.

- \`yasgui.min.js\`, \`yasgui.min.css\`: the package's \`build/\` files, unchanged (minified as published;
  do not edit them). Their SHA-256 digests are in \`VERSION\`.
- \`LICENSE\`: MIT, and the third-party packages the build bundles.

Served by Flask from \`/static/yasgui/\`: no CDN at run time, the page works offline. The page's own code is
\`lod/web/static/yasgui-init.js\` (settings), \`lod/web/static/sparql.css\` (look) and
\`lod/web/templates/sparql.html\`.

## Updating

\`\`\`sh
tools/vendor-yasgui.sh            # latest release (npm view $PACKAGE version)
tools/vendor-yasgui.sh 4.6.2      # or a given one
make test                         # tests/test_sparql_page.py starts the page in headless Chromium
\`\`\`

The script runs \`npm pack\` in a temporary directory and copies the build files; it rewrites this
README, \`VERSION\` and \`LICENSE\`. Check the release notes for changed configuration options
(\`yasgui-init.js\` uses \`requestConfig\`, \`copyEndpointOnNewTab\`, \`endpointCatalogueOptions\`,
\`endpointInfo\`, \`populateFromUrl\`, \`persistenceId\`, \`yasqe.autocompleters\`, \`yasr.prefixes\`) and
look at the page: \`sparql.css\` repeats a few of YASR's table rules for DataTables 2 class names.
EOF

echo "vendor-yasgui: $PACKAGE@$VERSION -> $DEST"
