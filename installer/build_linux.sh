#!/usr/bin/env bash
# Build the self-contained Linux app (dist/desktop-search/) and smoke-test it.
#
#   installer/build_linux.sh               # venv + PyInstaller + smoke test
#   installer/build_linux.sh --no-build    # smoke-test the existing dist/desktop-search/
#   installer/build_linux.sh --no-smoke    # build only
#   installer/build_linux.sh --appdir      # also lay out dist/AppDir (+ .AppImage if appimagetool is on PATH)
#
# Environment: BUILD_VENV (default build/venv-linux), PYTHON (default python3),
# SMOKE_CORPUS (default ../shared/corpus next to the repo; the search check needs it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PY=${PYTHON:-python3}
VENV=${BUILD_VENV:-$ROOT/build/venv-linux}
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
APP="$DIST/desktop-search"

do_build=1
do_smoke=1
do_appdir=0
for arg in "$@"; do
  case "$arg" in
    --no-build) do_build=0 ;;
    --no-smoke) do_smoke=0 ;;
    --appdir) do_appdir=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ "$do_build" = 1 ]; then
  start=$(date +%s)
  if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating build venv $VENV"
    "$PY" -m venv "$VENV"
  fi
  echo "== installing the app and PyInstaller into $VENV"
  # torch first, pinned: the CPU build (an unpinned torch pulls gigabytes of CUDA packages).
  "$VENV/bin/pip" install -q --disable-pip-version-check "torch==2.13.0"
  "$VENV/bin/pip" install -q --disable-pip-version-check -e "$ROOT" "pyinstaller>=6.10" "pillow"

  echo "== PyInstaller ($( "$VENV/bin/pyinstaller" --version ))"
  rm -rf "$APP"
  "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" installer/desktop-search.spec
  end=$(date +%s)
  echo "== built $APP in $(( (end - start) / 60 ))m$(( (end - start) % 60 ))s"
fi

[ -x "$APP/desktop-search-cli" ] || { echo "no bundle at $APP: build it first" >&2; exit 1; }

if [ "$do_appdir" = 1 ]; then
  "$ROOT/installer/linux/make_appdir.sh" "$APP" "$DIST"
fi

if [ "$do_smoke" = 1 ]; then
  echo "== smoke test"
  # Any Python runs the checks; the app under test uses none of it.
  SMOKE_PY="$VENV/bin/python"
  [ -x "$SMOKE_PY" ] || SMOKE_PY="$PY"
  "$SMOKE_PY" "$ROOT/installer/smoke_test.py" "$APP" ${SMOKE_CORPUS:+--corpus "$SMOKE_CORPUS"}
fi

echo "== bundle size"
du -sh "$APP"
