#!/usr/bin/env bash
# Builds the release tarball of one architecture from an already built binary:
#   scripts/make-dist.sh ARCH BINARY OUTPUT_DIR          (make dist runs it for x64 and arm64)
# mosh-aot-VERSION-linux-ARCH.tar.gz holds one folder laid out like a prefix (bin/ with the binary
# and its three links, share/man/man1, share/bash-completion), plus README.md and LICENSE:
#   tar -xzf mosh-aot-*.tar.gz -C /usr/local --strip-components=1
# make dist writes SHA256SUMS beside the tarballs afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: $0 ARCH BINARY OUTPUT_DIR" >&2; exit 2; }
arch=$1 binary=$2 out=$3
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
umask 022

name="mosh-aot-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
top="$stage/$name"
install -d "$top/bin" "$top/share/man/man1" "$top/share/bash-completion/completions"
install -m 0755 "$binary" "$top/bin/mosh-aot"
for link in mosh mosh-server mosh-client; do
  ln -s mosh-aot "$top/bin/$link"
done
install -m 0644 packaging/man/*.1 "$top/share/man/man1/"
install -m 0644 packaging/bash-completion/mosh "$top/share/bash-completion/completions/mosh"
install -m 0644 README.md LICENSE "$top/"

mkdir -p "$out"
tarball="$out/$name.tar.gz"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -C "$stage" -cf - "$name" | gzip -9n >"$tarball"
echo "$tarball"
