#!/usr/bin/env bash
# Rebuilds Own Terms' static assets from npm packages. The results are committed, so neither the
# demo nor the tests need Node; run this only after changing frontend/ (see docs/design-system.md).
set -euo pipefail
cd "$(dirname "$0")"
OUT=../src/ownterms/static/ownterms
npm ci --no-audit --no-fund --ignore-scripts
rm -rf "$OUT"
mkdir -p "$OUT/licences"
npx sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
  scss/ownterms.scss "$OUT/ownterms.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$OUT/govuk-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$OUT/htmx.min.js"
cp js/ownterms.mjs "$OUT/ownterms.mjs"
cp images/favicon.svg "$OUT/favicon.svg"
cp licences/govuk-frontend-LICENSE.txt "$OUT/licences/govuk-frontend-LICENSE.txt"
cp node_modules/htmx.org/LICENSE "$OUT/licences/htmx-LICENSE.txt"
# The versions in the built files, for the about page and for anyone auditing them.
node -e '
const v = (p) => require(`./node_modules/${p}/package.json`).version;
console.log(JSON.stringify({"govuk-frontend": v("govuk-frontend"), "htmx.org": v("htmx.org"), "sass": v("sass")}, null, 2));
' > "$OUT/versions.json"
echo "Built into $OUT:"; ls -l "$OUT"
