#!/usr/bin/env bash
# Installs what the benchmark targets need beyond tools/install-deps.sh, only
# what is missing: nginx (the fixed-answer ceiling), matplotlib (the chart),
# linux-perf and valgrind (make profile). DynamoDB Local installs itself
# through ../shared/reference/dynamodb-local.sh.
set -euo pipefail
exec "$(dirname "$0")/../tools/install-deps.sh" nginx python3-matplotlib linux-perf valgrind curl
