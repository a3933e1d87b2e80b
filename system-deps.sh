#!/bin/sh
# Installs the Debian/Ubuntu packages Kinelink needs (Python venv, Qt's X11 libraries, poppler for
# PDF checks) when any is missing. Uses sudo when not root. Does nothing on other systems.
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0
PACKAGES="python3-venv make poppler-utils libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing system packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
