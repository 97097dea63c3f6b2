#!/usr/bin/env bash
# Makes sure the browser tests can run, and says what it did: Debian's Chromium, Node.js and npm (apt-get when
# missing), and playwright-core (pinned) in the project-local .browser/ (git ignores it). playwright-core drives
# the system Chromium and downloads no browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

PLAYWRIGHT_VERSION=1.61.1
DIR=.browser

say() { echo "[browser] $*"; }
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt_updated=1
  fi
  say "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
else
  say "chromium, node and npm are installed ($(/usr/bin/chromium --version 2>/dev/null | head -n 1), node $(node --version))"
fi

installed=$(node -p "require('./$DIR/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [ "$installed" = "$PLAYWRIGHT_VERSION" ]; then
  say "playwright-core $PLAYWRIGHT_VERSION is in $DIR/"
else
  say "installing playwright-core $PLAYWRIGHT_VERSION into $DIR/ with npm${installed:+ (found $installed)}"
  mkdir -p "$DIR"
  # the browser download is off: the tests launch /usr/bin/chromium. 1.61 is the last release for Node.js 18,
  # the version Debian 12 packages (later ones need 20)
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$DIR" --no-audit --no-fund --no-save --silent \
    "playwright-core@$PLAYWRIGHT_VERSION"
fi
