"""Render local and team-library results together: ``docs/screenshots/10-team-library.png``.

    QT_QPA_PLATFORM=offscreen python scripts/team_screenshot.py

A throw-away desktop library (three Rust book chapters) and a team library in a
milvus-lite server (three other chapters and the Chinese articles, as a file server at
/srv/share would hold them, mapped to smb://files/share) are searched together in the
real window, in keyword mode so no model has to load.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from screenshots import RecordingOpener, search, settle, wait_until  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
LOCAL = ("ch16-01-threads.html", "ch16-03-shared-state.html", "ch04-01-what-is-ownership.html")
TEAM = ("ch16-02-message-passing.html", "ch04-02-references-and-borrowing.html", "ch15-04-rc.html")


def main() -> int:
    from milvus_lite.server_manager import server_manager_instance
    from PySide6.QtWidgets import QApplication

    from desktop_search.app.library import Library
    from desktop_search.extract import extract
    from desktop_search.gui.launch import create_window
    from desktop_search.paths import app_paths
    from desktop_search.settings import Settings, TeamLibrarySpec, load_settings, save_settings
    from desktop_search.team.target import connect, parse_target
    from desktop_search.team.writer import Ledger, TeamWriter

    tmp = Path(tempfile.mkdtemp(prefix="team-shot-"))
    mine = tmp / "home-docs" / "rust"
    share = tmp / "srv" / "share" / "engineering"
    for names, dest in ((LOCAL, mine), (TEAM, share)):
        dest.mkdir(parents=True)
        for n in names:
            shutil.copy2(CORPUS / "en" / "rust-book" / n, dest / n)
    home = tmp / "home"
    with Library(app_paths(home), settings=Settings(spaces=())) as lib:
        lib.change_settings(lambda s: s.with_folder(str(mine)))
        ix = lib.indexer(extract=extract)
        ix.run([str(mine)], embed=False)
        ix.close()
    server = Library(app_paths(tmp / "server"), settings=Settings(spaces=()))
    ix = server.indexer(extract=extract)
    ix.run([str(share)])
    ix.close()
    db = tmp / "milvus" / "team.db"
    db.parent.mkdir()
    uri = server_manager_instance.start_and_get_uri(str(db))
    target = parse_target(f"{uri}#engineering")
    client = connect(target)
    TeamWriter(client, target, server.catalog, Ledger(tmp / "ledger"), []).sync()
    settings_file = app_paths(home).settings_file
    spec = TeamLibrarySpec(
        "Engineering share",
        uri,
        "engineering",
        path_map=((str(share.parent), "smb://files/share"),),
    )
    save_settings(replace(load_settings(settings_file), team_libraries=(spec,)), settings_file)

    app = QApplication.instance() or QApplication([])
    window = create_window(home, opener=RecordingOpener(), start_indexer=False)
    window.resize(1200, 760)
    window.show()
    window.start()
    window.search.set_mode("keyword")
    search(window, "threads shared state message passing")
    wait_until(
        lambda: any(h.library != "local" for h in window.last_result.hits), 60, "team results"
    )
    settle(800)
    out = REPO / "docs" / "screenshots" / "10-team-library.png"
    window.grab().save(str(out))
    print(f"saved {out}: {[(h.library, h.name) for h in window.last_result.hits]}")
    window.close()
    app.processEvents()
    server.close()
    server_manager_instance.release_server(str(db))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
