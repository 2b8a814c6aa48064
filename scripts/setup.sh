#!/usr/bin/env bash
# First-time set-up on a fresh machine: get a browser for the PDFs (a system Chromium where
# there is one; apt-get on Debian as root; puppeteer's download where the network allows),
# install mimeo's packages, and build the example circle into output/.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  [ -n "${MIMEO_CHROME:-}" ] || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] && return 0
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$b" >/dev/null && return 0
  done
  [ -d "$HOME/.cache/puppeteer/chrome" ] && return 0
  [ -d "/Applications/Google Chrome.app" ] || [ -d "/Applications/Chromium.app" ]
}

apt_packages=()
have_browser || apt_packages+=(chromium)
command -v hledger >/dev/null || apt_packages+=(hledger)
if [ ${#apt_packages[@]} -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "mimeo: installing ${apt_packages[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null || true
fi

export PUPPETEER_SKIP_DOWNLOAD=1
npm ci --no-audit --no-fund

if ! have_browser; then
  echo "mimeo: no Chromium or Chrome found; trying puppeteer's download"
  npx --yes @puppeteer/browsers install chrome@stable --path "$HOME/.cache/puppeteer" ||
    echo "mimeo: could not download a browser. Install Chromium (sudo apt-get install chromium) or set MIMEO_CHROME." >&2
fi

npm run build
