#!/usr/bin/env bash
# Makes sure what the build and the test suite need is installed: upstream mosh 1.4.0 to test
# against, tmux to drive terminals, vttest (its character-set, REP, save/restore and wrap
# screens are compared with tmux), sshd for the launcher tests, AFL++ for fuzzing, npm (which
# brings the zig linker, scripts/install-zig.sh), binutils for aarch64 (strips the arm64 binary),
# the arm64 C library and qemu-user to run it, for the packaging tests lintian, groff (man
# pages) and bash-completion, and python3 plus a C compiler for the end-to-end benchmark
# (bench/e2e; its smoke run is part of make test). clang stays the linker of a plain
# `dotnet publish` outside make.
# Installs missing Debian packages with apt-get (as root, or through sudo); otherwise says what
# is missing.
set -euo pipefail

packages=(mosh tmux vttest openssh-server openssh-client procps locales clang lld zlib1g-dev binutils
          binutils-aarch64-linux-gnu libc6-arm64-cross qemu-user afl++ util-linux
          lintian groff-base man-db bash-completion python3 gcc libc6-dev)
commands=(/usr/bin/mosh-server /usr/bin/mosh-client /usr/bin/mosh tmux vttest /usr/sbin/sshd ssh ssh-keygen
          clang readelf aarch64-linux-gnu-objcopy /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 qemu-aarch64
          afl-fuzz unshare nsenter lintian groff /usr/share/bash-completion/bash_completion python3 cc)

missing=()
for c in "${commands[@]}"; do
  if [[ $c == /* ]]; then
    [ -e "$c" ] || missing+=("$c")
  else
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  fi
done
# /usr/bin/mosh* must be Debian's mosh, not our package or a copy of our binary.
if command -v dpkg-query >/dev/null 2>&1 && [ "$(dpkg-query -W -f='${db:Status-Status}' mosh 2>/dev/null)" != installed ]; then
  missing+=("the mosh package")
fi
# npm comes with Node.js; where Node.js is not there, Debian's npm package brings both.
command -v npm >/dev/null 2>&1 || { missing+=(npm); packages+=(npm); }
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: missing ${missing[*]}; installing: ${packages[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: no apt-get here; install the equivalents of: ${packages[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install ${packages[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
