#!/usr/bin/env bash
# Install the built app for one user (no root), or for everyone with --system.
#
#   installer/linux/install.sh [dist/desktop-search]            # ~/.local
#   sudo installer/linux/install.sh --system [dist/desktop-search]  # /opt + /usr/local
#   installer/linux/install.sh --uninstall [--system]
#
# What goes where (user install; --system uses /opt/desktop-search and /usr/local):
#   ~/.local/opt/desktop-search/                      the app folder (both executables)
#   ~/.local/bin/desktop-search, desktop-search-cli   links to them
#   ~/.local/share/applications/desktop-search.desktop      menu entry
#   ~/.local/share/icons/hicolor/<N>x<N>/apps/desktop-search.png, scalable/apps/desktop-search.svg
# The index and settings are not touched: uninstalling keeps them
# (~/.local/share/desktop-search, ~/.config/desktop-search).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ICONS="$ROOT/desktop_search/gui/resources/icons"

system=0
uninstall=0
src=""
for arg in "$@"; do
  case "$arg" in
    --system) system=1 ;;
    --uninstall) uninstall=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) src="$arg" ;;
  esac
done
src="${src:-$ROOT/dist/desktop-search}"

if [ "$system" = 1 ]; then
  APPDIR=${APPDIR:-/opt/desktop-search}
  BIN=${BINDIR:-/usr/local/bin}
  SHARE=${SHAREDIR:-/usr/local/share}
else
  APPDIR=${APPDIR:-$HOME/.local/opt/desktop-search}
  BIN=${BINDIR:-$HOME/.local/bin}
  SHARE=${SHAREDIR:-${XDG_DATA_HOME:-$HOME/.local/share}}
fi
SIZES="16 24 32 48 64 128 256 512"

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "$uninstall" = 1 ]; then
  rm -rf "$APPDIR"
  rm -f "$BIN/desktop-search" "$BIN/desktop-search-cli" "$SHARE/applications/desktop-search.desktop"
  for n in $SIZES; do rm -f "$SHARE/icons/hicolor/${n}x${n}/apps/desktop-search.png"; done
  rm -f "$SHARE/icons/hicolor/scalable/apps/desktop-search.svg"
  refresh
  echo "removed desktop-search (your index and settings are kept)"
  exit 0
fi

[ -x "$src/desktop-search" ] || { echo "no built app at $src (run installer/build_linux.sh)" >&2; exit 1; }

mkdir -p "$(dirname "$APPDIR")" "$BIN" "$SHARE/applications"
rm -rf "$APPDIR.new"
cp -a "$src" "$APPDIR.new"
rm -rf "$APPDIR"
mv "$APPDIR.new" "$APPDIR"
ln -sfn "$APPDIR/desktop-search" "$BIN/desktop-search"
ln -sfn "$APPDIR/desktop-search-cli" "$BIN/desktop-search-cli"

# The menu entry runs the app by absolute path: ~/.local/bin is not on every session's PATH.
sed -e "s|^Exec=desktop-search|Exec=$APPDIR/desktop-search|" \
    -e "s|^TryExec=desktop-search|TryExec=$APPDIR/desktop-search|" \
    "$HERE/desktop-search.desktop" > "$SHARE/applications/desktop-search.desktop"
chmod 644 "$SHARE/applications/desktop-search.desktop"

for n in $SIZES; do
  if [ -f "$ICONS/desktop-search-$n.png" ]; then
    install -Dm644 "$ICONS/desktop-search-$n.png" "$SHARE/icons/hicolor/${n}x${n}/apps/desktop-search.png"
  fi
done
[ -f "$ICONS/desktop-search.svg" ] && \
  install -Dm644 "$ICONS/desktop-search.svg" "$SHARE/icons/hicolor/scalable/apps/desktop-search.svg"
refresh

echo "installed to $APPDIR"
echo "  menu:     $SHARE/applications/desktop-search.desktop"
echo "  commands: $BIN/desktop-search, $BIN/desktop-search-cli"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "  note: $BIN is not on your PATH" ;; esac
# Qt's X11/Wayland libraries come from the system: say now (with the install command)
# if any is missing, rather than at the first double-click.
"$APPDIR/desktop-search" --check-system || true
