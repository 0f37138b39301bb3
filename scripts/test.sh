#!/usr/bin/env bash
# Set up from scratch and run every check: lint and the test suite.
#   bash scripts/test.sh            (what CI runs; pass pytest options after it, e.g. -x -q)
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests render the HTML export in Debian's Chromium; install it where we may (root) and it is missing.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk \
    >/dev/null) || echo "note: could not install chromium; browser tests will be skipped" >&2
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,dask]'
.venv/bin/ruff check src tests
.venv/bin/python -m pytest "$@"
