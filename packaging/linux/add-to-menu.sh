#!/bin/sh
# Adds Kinelink to your applications menu, for you only (nothing outside your home folder changes).
# In the unpacked kinelink folder: right-click this file ▸ Run as a program, or ./add-to-menu.sh
# To remove: delete the files it names.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=com.kinelink.Kinelink
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications"
for icon in "$here"/share/icons/hicolor/*/apps/$id.*; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$data/icons/hicolor/$size/apps"
    cp "$icon" "$data/icons/hicolor/$size/apps/"
done
# The menu entry starts this folder's program; a path with spaces is quoted as the spec asks.
sed "s|^Exec=kinelink\$|Exec=\"$here/kinelink\"|" "$here/share/applications/$id.desktop" \
    > "$data/applications/$id.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "Kinelink is in your applications menu: $data/applications/$id.desktop"
