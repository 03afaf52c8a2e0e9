#!/usr/bin/env bash
# Builds upstream mosh's development branch from a source checkout, for the interop tests that
# need it (OSC 8 hyperlinks: tests/Mosh.Tests/Interop/HyperlinkInteropTests.cs), and prints the
# directory to put in MOSH_MASTER_BUILD. Not part of `make test`: the suite does not download
# upstream's source; those tests are skipped without a build.
#   scripts/build-upstream-master.sh SOURCE-DIR     (a checkout of github.com/mobile-shell/mosh)
set -euo pipefail
src=${1:?usage: $0 SOURCE-DIR}
need=(autoconf automake protobuf-compiler libprotobuf-dev libncurses-dev libssl-dev zlib1g-dev pkg-config)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then apt-get install -y "${missing[@]}" >/dev/null
    else sudo apt-get install -y "${missing[@]}" >/dev/null; fi
fi
cd "$src"
[[ -x configure ]] || ./autogen.sh >/dev/null
[[ -f Makefile ]] || ./configure >/dev/null
make -j"$(nproc)" >/dev/null
echo "MOSH_MASTER_BUILD=$(pwd)/src/frontend"
