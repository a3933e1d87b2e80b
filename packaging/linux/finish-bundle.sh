#!/bin/sh
# After PyInstaller: put the licence, the menu entry, the AppStream metadata and the icons at the
# top of the Linux bundle folder (PyInstaller puts data files under _internal/), laid out as
# share/... so a packager can copy them under /usr or ~/.local as they are.
set -eu
bundle=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
id=com.kinelink.Kinelink
cp "$root/LICENSE" "$bundle/LICENSE"
cp "$root/reports/fonts/LICENSE.txt" "$bundle/LICENSE-fonts.txt"
install -D -m 644 "$here/$id.desktop" "$bundle/share/applications/$id.desktop"
install -D -m 644 "$here/$id.metainfo.xml" "$bundle/share/metainfo/$id.metainfo.xml"
install -D -m 644 "$root/desktop/icons/kinelink.svg" "$bundle/share/icons/hicolor/scalable/apps/$id.svg"
for size in 16 32 48 64 128 256 512; do
    install -D -m 644 "$root/desktop/icons/kinelink-$size.png" \
        "$bundle/share/icons/hicolor/${size}x${size}/apps/$id.png"
done
install -m 755 "$here/add-to-menu.sh" "$bundle/add-to-menu.sh"
