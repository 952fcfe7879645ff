#!/usr/bin/env bash
# Installs what the benchmark targets need beyond tools/install-deps.sh, only
# what is missing: nginx (the fixed-answer ceiling), matplotlib (the chart),
# linux-perf and valgrind (make profile). DynamoDB Local installs itself
# through ../shared/reference/dynamodb-local.sh.
set -euo pipefail
pkgs=(nginx python3-matplotlib linux-perf valgrind curl)
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
