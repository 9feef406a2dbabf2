#!/usr/bin/env bash
# Run by `mvn verify` before the integration tests: makes sure the end-to-end test of the browser console
# (ConsoleE2EIT, OperationsIT) has what it needs: Debian's Chromium (installed from the distribution's
# packages when missing and running as root) and playwright-core from npm (package-lock.json), in
# src/test/e2e/node_modules. Never skips: if either cannot be had, the build fails here.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium is not installed: installing Debian's chromium package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
command -v node >/dev/null 2>&1 || { echo "node is required for the browser test" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "Browser test ready: $(chromium --version 2>/dev/null | head -n 1), playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')" >&2
