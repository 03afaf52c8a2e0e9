#!/usr/bin/env bash
# Makes sure what the test suite needs is installed: upstream mosh 1.4.0 to test against, tmux
# to drive terminals, vttest (its character-set, REP, save/restore and wrap screens are compared
# with tmux), sshd for the launcher tests, AFL++ for fuzzing, and the arm64 cross
# toolchain plus qemu-user to build and check the linux-arm64 binary. Installs missing Debian
# packages with apt-get (as root, or through sudo); otherwise says what is missing.
set -euo pipefail

packages=(mosh tmux vttest openssh-server openssh-client procps locales clang lld zlib1g-dev
          gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user afl++)
commands=(/usr/bin/mosh-server /usr/bin/mosh-client /usr/bin/mosh tmux vttest /usr/sbin/sshd ssh ssh-keygen
          clang aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy qemu-aarch64 afl-fuzz)

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
