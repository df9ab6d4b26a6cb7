#!/usr/bin/env bash
# Lay out an AppImage AppDir from the built app, and pack it when appimagetool is there.
#
#   installer/linux/make_appdir.sh [dist/desktop-search] [dist]
#
# Makes dist/AppDir/ (AppRun, .desktop, icon, usr/lib/desktop-search/ = the app folder)
# and, if `appimagetool` is on PATH (https://github.com/AppImage/appimagetool, not in
# Debian or PyPI), dist/Desktop_Search-<version>-x86_64.AppImage.
# The AppImage runs the window; `Desktop_Search-*.AppImage cli ARGS...` runs the
# terminal tool (e.g. `... cli search "query"`).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP="$(cd "${1:-$ROOT/dist/desktop-search}" && pwd)"
OUT="$(mkdir -p "${2:-$ROOT/dist}" && cd "${2:-$ROOT/dist}" && pwd)"
ICONS="$ROOT/desktop_search/gui/resources/icons"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/desktop_search/__init__.py")
ARCH=${ARCH:-$(uname -m)}
APPDIR="$OUT/AppDir"

[ -x "$APP/desktop-search" ] || { echo "no built app at $APP" >&2; exit 1; }

rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/bin" "$APPDIR/usr/share/applications"
cp -a "$APP" "$APPDIR/usr/lib/desktop-search"
ln -s ../lib/desktop-search/desktop-search "$APPDIR/usr/bin/desktop-search"
ln -s ../lib/desktop-search/desktop-search-cli "$APPDIR/usr/bin/desktop-search-cli"

cat > "$APPDIR/AppRun" <<'APPRUN'
#!/bin/sh
# AppImage entry: the window, or the terminal tool with "cli" as the first argument.
HERE="$(dirname "$(readlink -f "$0")")"
if [ "${1:-}" = "cli" ]; then
  shift
  exec "$HERE/usr/lib/desktop-search/desktop-search-cli" "$@"
fi
exec "$HERE/usr/lib/desktop-search/desktop-search" "$@"
APPRUN
chmod 755 "$APPDIR/AppRun"

cp "$HERE/desktop-search.desktop" "$APPDIR/desktop-search.desktop"
cp "$HERE/desktop-search.desktop" "$APPDIR/usr/share/applications/desktop-search.desktop"
for n in 16 24 32 48 64 128 256 512; do
  if [ -f "$ICONS/desktop-search-$n.png" ]; then
    install -Dm644 "$ICONS/desktop-search-$n.png" \
      "$APPDIR/usr/share/icons/hicolor/${n}x${n}/apps/desktop-search.png"
  fi
done
cp "$ICONS/desktop-search-256.png" "$APPDIR/desktop-search.png"
ln -s desktop-search.png "$APPDIR/.DirIcon"

echo "AppDir: $APPDIR ($(du -sh "$APPDIR" | cut -f1))"
if command -v appimagetool >/dev/null; then
  image="$OUT/Desktop_Search-$VERSION-$ARCH.AppImage"
  ARCH="$ARCH" appimagetool --no-appstream "$APPDIR" "$image"
  echo "AppImage: $image ($(du -sh "$image" | cut -f1))"
else
  echo "appimagetool not found: AppDir only. To pack it: ARCH=$ARCH appimagetool $APPDIR"
fi
