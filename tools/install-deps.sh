#!/usr/bin/env bash
# Installs the Debian packages Riptide needs, only those that are missing.
#   tools/install-deps.sh            what building and testing need
#   tools/install-deps.sh PKG...     these packages instead (bench/install-deps.sh)
set -euo pipefail
# Build: compiler, CMake/Ninja, ccache and the C++ libraries.
# Tests: boto3/pytest for the black-box suite, the AWS CLI, Node.js for the
# npm SDK v3 test, clang and its sanitizer runtime for the fuzz targets.
pkgs=(g++ cmake ninja-build ccache pkg-config
      librocksdb-dev libsimdjson-dev libssl-dev zlib1g-dev libgtest-dev
      python3-boto3 python3-pytest awscli clang libclang-rt-14-dev)
# Node.js and npm often come with the machine (not from Debian); install
# Debian's only when there is none.
command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
[[ $# -gt 0 ]] && pkgs=("$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
