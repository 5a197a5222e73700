#!/usr/bin/env bash
# The one test command (`npm test`): installs what the tests need on a fresh machine, then runs
# lint, type-check, build, unit and e2e tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi

# Debian packages the tests drive, installed when missing (apt-get update at most once): chromium for the
# Swagger UI browser test (never a downloaded browser), redis-server for the scale-out tests.
packages=()
if [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if ! command -v redis-server >/dev/null 2>&1; then packages+=(redis-server); fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} with apt-get (for the browser and scale-out e2e tests)..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

npm run lint
npm run typecheck
npm run build
# The committed client must be what the server now serves: regenerate it aside and compare.
generated="$(mktemp -d)"
npx ts-node --transpile-only scripts/generate-client.ts --out "$generated"
if ! diff -r clients/typescript/generated "$generated" >/dev/null; then
  diff -ru clients/typescript/generated "$generated" | head -40 || true
  echo "clients/typescript/generated is stale: run 'npm run client:generate' and commit the result." >&2
  exit 1
fi
rm -rf "$generated"
npm run test:unit -- --ci
# dist/ is fresh from the build above. --forceExit: a leaked socket in one spec must not hang CI for an hour.
npx jest --config test/jest-e2e.config.js --ci --forceExit
# The benchmark in seconds, so it cannot rot; CI asserts no timings (they are printed, not judged).
npx ts-node --transpile-only bench/bench.ts --smoke
