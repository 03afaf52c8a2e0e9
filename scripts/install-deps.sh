#!/usr/bin/env bash
# Makes sure what the test suite needs is installed: upstream mosh 1.4.0 to test against, tmux
# to drive terminals, sshd for the launcher tests, AFL++ for fuzzing, the arm64 cross
# toolchain plus qemu-user to build and check the linux-arm64 binary, and python3 plus a C
# compiler for the end-to-end benchmark (bench/e2e; its smoke run is part of make test).
# Installs missing Debian packages with apt-get (as root, or through sudo); otherwise says
# what is missing.
set -euo pipefail

packages=(mosh tmux openssh-server openssh-client procps locales clang lld zlib1g-dev
          gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user afl++
          python3 gcc libc6-dev)
commands=(/usr/bin/mosh-server /usr/bin/mosh-client /usr/bin/mosh tmux /usr/sbin/sshd ssh ssh-keygen
          clang aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy qemu-aarch64 afl-fuzz python3 cc)

missing=()
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
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
