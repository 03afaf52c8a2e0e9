#!/usr/bin/env bash
# Builds the Debian package of one architecture from an already built binary:
#   scripts/make-deb.sh DEBIAN_ARCH BINARY OUTPUT_DIR      (make deb runs it for amd64 and arm64)
# The package installs /usr/bin/mosh-aot, the links mosh, mosh-server and mosh-client, the
# manual pages and the bash completion, and takes the place of Debian's mosh package
# (Conflicts/Replaces/Provides). GLIBC_FLOOR (from the Makefile) becomes the libc6 dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: $0 DEBIAN_ARCH BINARY OUTPUT_DIR" >&2; exit 2; }
arch=$1 binary=$2 out=$3
: "${GLIBC_FLOOR:?set GLIBC_FLOOR (the Makefile does)}"
upstream=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
version="$upstream-${DEB_REVISION:-1}"
maintainer=${DEB_MAINTAINER:-"mosh-aot developers <mosh-aot@example.org>"}
# Reproducible: every date and file time is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
umask 022

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/mosh-aot" "$root/usr/share/lintian/overrides"
install -m 0755 "$binary" "$root/usr/bin/mosh-aot"
for link in mosh mosh-server mosh-client; do
  ln -s mosh-aot "$root/usr/bin/$link"
done
for page in packaging/man/*.1; do
  gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
done
install -m 0644 packaging/bash-completion/mosh "$root/usr/share/bash-completion/completions/mosh"
install -m 0644 packaging/deb/copyright "$root/usr/share/doc/mosh-aot/copyright"
install -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/mosh-aot"
date=$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
sed -e "s/@VERSION@/$version/g" -e "s/@UPSTREAM@/$upstream/g" -e "s/@MAINTAINER@/$maintainer/g" -e "s/@DATE@/$date/g" \
    packaging/deb/changelog.in | gzip -9n >"$root/usr/share/doc/mosh-aot/changelog.Debian.gz"

size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/g" -e "s/@UPSTREAM@/$upstream/g" -e "s/@ARCH@/$arch/g" -e "s/@MAINTAINER@/$maintainer/g" \
    -e "s/@SIZE@/$size/g" -e "s/@GLIBC@/$GLIBC_FLOOR/g" packaging/deb/control.in >"$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
deb="$out/mosh-aot_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
