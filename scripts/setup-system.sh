#!/usr/bin/env bash
# Install every system component the project needs on a fresh Debian 12 machine (as root):
# LibreOffice (headless writer), CJK fonts (Noto CJK + Fandol extracted from texlive-lang-chinese),
# poppler, Chromium + driver for browser tests, PostgreSQL and Redis servers for the registry and
# queue tests. Idempotent: a second run only checks.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
fontdir="$here/build/fonts/fandol"

need=()
for pkg in libreoffice-writer-nogui fonts-noto-cjk poppler-utils fontconfig python3-venv \
           chromium chromium-driver postgresql redis-server zbar-tools python3-uno; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "缺少系统软件包 / missing system packages: ${need[*]} — run as root: bash scripts/setup-system.sh" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# Fandol fonts (FandolFang/FandolKai/FandolSong/FandolHei) without a TeX install.
if ! ls "$fontdir"/FandolFang-Regular.otf >/dev/null 2>&1; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null)
  dpkg -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  mkdir -p "$fontdir"
  cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$fontdir/"
  rm -rf "$tmp"
fi
# unoserver (warm LibreOffice pool) must run on the system Python that has Debian's uno module.
unovenv="$here/build/uno-venv"
if ! "$unovenv/bin/python" -c "import uno, unoserver" >/dev/null 2>&1; then
  rm -rf "$unovenv"
  /usr/bin/python3 -m venv --system-site-packages "$unovenv"
  "$unovenv/bin/pip" install -q "unoserver==3.7"
fi
echo "system components ready"
