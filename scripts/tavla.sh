#!/bin/sh
# The one entry behind the README's commands: it installs what is missing, then runs the task on
# the Node 24 that the npm `node` package puts in node_modules/.bin (the machine may have only
# Node 20). pnpm runs through npx: corepack's signature check fails on these machines.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
PNPM_VERSION=10.34.8
pnpm() { npx -y "pnpm@$PNPM_VERSION" "$@"; }

ensure_deps() {
  stamp=node_modules/.modules.yaml
  if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] \
     || ! node_modules/.bin/node -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' 2>/dev/null; then
    echo "tavla: installing dependencies (pnpm $PNPM_VERSION, Node 24 from the npm registry)…"
    if [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile; else pnpm install; fi
    touch "$stamp"
  fi
  PATH="$ROOT/node_modules/.bin:$PATH"
  export PATH
}

ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return; fi
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "tavla: installing Debian's chromium for the browser tests…"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
}

build_web() {
  (cd apps/web && node_modules/.bin/vite build --logLevel warn)
}

task=${1:-start}
shift || true
case "$task" in
  start)
    ensure_deps
    build_web
    exec node --disable-warning=ExperimentalWarning apps/server/src/main.ts "$@" ;;
  cli)
    # the operator's command (README "Operations"): npm run tavla -- backup <file>, restore, boards, keys, retention
    ensure_deps
    exec node --disable-warning=ExperimentalWarning apps/server/src/cli/main.ts "$@" ;;
  dev)
    ensure_deps
    exec node scripts/dev.ts "$@" ;;
  build)
    ensure_deps
    build_web ;;
  test)
    ensure_deps
    ensure_chromium
    build_web
    mkdir -p .tavla-test
    status=0
    # formatter and linter first (Biome, biome.json: React's hooks rules on); a finding fails the run
    node_modules/.bin/biome ci --reporter=summary . || status=$?
    node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=.tavla-test/results.json "$@" || status=$?
    [ "$status" = 0 ] || echo "tavla: a check failed (see above: Biome's findings or the tests)"
    node scripts/summary.ts .tavla-test/results.json
    exit $status ;;
  bench)
    ensure_deps
    # the browser scenarios serve the built page: build it from this checkout first
    build_web
    exec node bench/src/main.ts "$@" ;;
  lint)
    ensure_deps
    exec node_modules/.bin/biome check "$@" . ;;
  format)
    ensure_deps
    exec node_modules/.bin/biome check --write "$@" . ;;
  typecheck)
    ensure_deps
    exec node_modules/.bin/tsc -p tsconfig.json --noEmit ;;
  check)
    ensure_deps
    node_modules/.bin/tsc -p tsconfig.json --noEmit
    ensure_chromium
    build_web
    exec node_modules/.bin/vitest run ;;
  *)
    echo "tavla: unknown task '$task' (start, cli, dev, build, test, bench, lint, format, typecheck, check)" >&2
    exit 2 ;;
esac
