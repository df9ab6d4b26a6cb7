"""A team library on milvus-lite: indexed by the local pipeline, searched beside the local one."""

from __future__ import annotations

import logging
import time

import pytest

from desktop_search.app.library import Library
from desktop_search.app.team_indexer import TeamIndexer
from desktop_search.paths import app_paths
from desktop_search.search.filters import SearchFilters
from desktop_search.team import schema
from desktop_search.team.federation import TeamSearch
from desktop_search.team.pathmap import PathMap
from desktop_search.team.reader import TeamLibrary
from desktop_search.team.target import parse_target
from tests.conftest import copy_files

NOTES = {
    "tomatoes.md": "# Garden\nWater the tomatoes every three days and tie them to the stakes.\n",
    "invoice.txt": "Invoice 4471 for the quarterly maintenance contract, due in thirty days.\n",
    "trip.md": "Camping trip notes: tents, stoves and sleeping bags packed for the mountains.\n",
    "dessert.md": "Crème brûlée after dinner, then a café au lait at the corner café.\n",
    # Found by its name alone: its text holds neither word of its name.
    "Quarterly_Report_2026.md": "Revenue grew in every region; costs stayed flat.\n",
}


def _team_indexer(target, home, spaces) -> TeamIndexer:
    from desktop_search.app.team_indexer import state_paths

    lib = Library(state_paths(home, target), spaces=spaces)
    return TeamIndexer(target, home=home, library=lib)


@pytest.fixture(scope="module")
def share(tmp_path_factory, corpus):
    """The file server's folder: Chinese articles, two Rust chapters, a few notes."""
    root = tmp_path_factory.mktemp("srv") / "share"
    copy_files(sorted((corpus / "zh").glob("*.txt"))[:4], root / "zh")
    rust = corpus / "en" / "rust-book"
    copy_files(
        [rust / "ch04-01-what-is-ownership.html", rust / "ch16-01-threads.html"], root / "rust"
    )
    (root / "notes").mkdir()
    for name, text in NOTES.items():
        (root / "notes" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def team(tmp_path_factory, milvus_uri, share, spaces):
    """The share indexed into the team library once; yields the indexer (its catalog)."""
    target = parse_target(milvus_uri + "#team_docs")
    home = tmp_path_factory.mktemp("server-home")
    ti = _team_indexer(target, home, spaces)
    ti.add_folders([str(share)])
    first = ti.run()
    ti.home = home
    ti.first = first
    yield ti
    ti.close()


def _rows(ti: TeamIndexer, **kw) -> list[dict]:
    return ti.client.query(
        ti.target.collection,
        filter=kw.get("filter", ""),
        output_fields=kw.get("fields", ["path"]),
        limit=16384,
    )


def _expected_chunks(ti: TeamIndexer) -> int:
    return ti.library.catalog.db.execute(
        "SELECT count(*) FROM files f JOIN chunks k ON k.content_id = f.content_id "
        "WHERE f.status = 'indexed'"
    ).fetchone()[0]


def test_index_writes_every_chunk_with_text_place_and_vectors(team, share):
    assert team.first.sync.files_written == sum(1 for p in share.rglob("*") if p.is_file())
    rows = _rows(
        team,
        fields=[
            "path",
            "page",
            "language",
            "hash",
            "size",
            "mtime_ns",
            "text",
            "start",
            "end",
            "v_minilm",
            "v_usem3",
        ],
    )
    assert len(rows) == _expected_chunks(team) > 10
    zh = [r for r in rows if r["language"] == "zh"]
    en = [r for r in rows if r["language"] == "en"]
    assert zh and en
    # MiniLM serves English only: Chinese chunks hold the placeholder; USE-m has both.
    unit = schema.placeholder(384)
    assert all(r["v_minilm"] == unit for r in zh)
    assert all(r["v_minilm"] != unit and r["v_usem3"] != unit for r in en)
    assert all(any(r["v_usem3"]) and r["v_usem3"] != schema.placeholder(512) for r in zh)
    tomato = next(r for r in rows if r["path"].endswith("tomatoes.md"))
    stat = (share / "notes" / "tomatoes.md").stat()
    assert (tomato["size"], tomato["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns)
    assert "tomatoes" in tomato["text"] and len(tomato["hash"]) >= 16
    # milvus-lite (here served over http) gets exact vector search, as the local index:
    # its HNSW left some passages unreachable (benchmarks/team_library_eval.py).
    for field in ("v_minilm", "v_usem3"):
        index = team.client.describe_index(team.target.collection, field)
        assert index["index_type"] == "FLAT"


def test_a_second_run_writes_nothing(team):
    again = team.run()
    assert (again.sync.files_written, again.sync.rows_written, again.embedded) == (0, 0, 0)
    assert len(_rows(team)) == _expected_chunks(team)


def _search(team_lib: TeamLibrary, engine, query: str, **kw):
    ts = TeamSearch([team_lib])
    try:
        return ts.search(engine, query, **kw)
    finally:
        ts.close()


@pytest.fixture(scope="module")
def empty_local(tmp_path_factory, spaces):
    lib = Library(app_paths(tmp_path_factory.mktemp("desk")), spaces=spaces)
    yield lib
    lib.close()


def test_team_results_rank_as_the_same_documents_indexed_locally(team, empty_local, spaces):
    """The team's candidates are scored exactly as local ones: same documents, same order."""
    team_lib = TeamLibrary("Team", team.target, spaces)
    local = team.library.engine  # the server's own catalog, searched locally
    for query in (
        "ownership and borrowing",
        "向量数据库",
        "how are threads spawned",
        "tomatoes",
        "Embedding 模型",
        "cafe",  # FTS5 folds accents locally: the team library must find café too
        "creme brulee",
    ):
        want = [h.path for h in local.search(query, k=5).hits]
        got = _search(team_lib, empty_local.engine, query, k=5)
        assert not got.notes
        assert [h.path for h in got.hits] == want, query
        assert {h.library for h in got.hits} == {"Team"}
        assert got.hits[0].best.snippet.highlights or query.startswith("how")


def test_a_team_file_named_like_the_query_is_found_as_a_local_one_would_be(
    team, empty_local, share, spaces
):
    mount = "/mnt/share"
    team_lib = TeamLibrary("Team", team.target, spaces, path_map=PathMap(((str(share), mount),)))
    local = team.library.engine  # the server's own catalog, searched locally
    for query in ("quarterly_report", "Embedding模型", "quarterly%report"):
        want = [h.path.replace(str(share), mount, 1) for h in local.search(query, k=5).hits]
        got = _search(team_lib, empty_local.engine, query, k=5)
        assert [h.path for h in got.hits] == want, query
    top = _search(team_lib, empty_local.engine, "quarterly_report", k=5).hits[0]
    assert top.name == "Quarterly_Report_2026.md" and top.name_match and top.library == "Team"
    assert top.path == mount + "/notes/Quarterly_Report_2026.md"  # opens through the mount
    named = _search(team_lib, empty_local.engine, "Embedding模型", k=5).hits[0]
    assert named.name == "Embedding模型简介.txt" and named.name_match
    # "%" and "_" are wildcards to Milvus: a name must really hold what was typed.
    odd = _search(team_lib, empty_local.engine, "quarterly%report", k=5).hits
    assert not any(h.name_match for h in odd)
    rust_only = SearchFilters(folders=(mount + "/rust",))
    in_rust = _search(team_lib, empty_local.engine, "quarterly_report", k=5, filters=rust_only)
    assert in_rust.hits == ()  # the filters hold for names too


def test_local_and_team_results_come_together_with_their_source(
    team, make_library, tmp_path, spaces
):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "my-tomatoes.md").write_text("My tomatoes need water every morning.\n")
    lib = make_library()
    ix = lib.indexer(extract=None)
    ix.run([str(mine)])
    ix.close()
    team_lib = TeamLibrary("Team", team.target, spaces)
    result = _search(team_lib, lib.engine, "watering tomatoes", k=5)
    by_source = {}
    for h in result.hits:
        by_source.setdefault(h.library, h)  # each library's best
    assert set(by_source) == {"local", "Team"}
    assert by_source["local"].name == "my-tomatoes.md"
    assert by_source["Team"].name == "tomatoes.md"


def test_filters_apply_to_the_team_library_through_the_path_mapping(
    team, empty_local, share, spaces
):
    mount = "/mnt/share"
    team_lib = TeamLibrary("Team", team.target, spaces, path_map=PathMap(((str(share), mount),)))
    plain = _search(team_lib, empty_local.engine, "tomatoes threads ownership", k=20)
    assert all(h.path.startswith(mount + "/") for h in plain.hits)
    kinds = {h.suffix for h in plain.hits}
    assert {"md", "html"} <= kinds
    only_md = _search(
        team_lib,
        empty_local.engine,
        "tomatoes threads ownership",
        k=20,
        filters=SearchFilters(suffixes=("md",)),
    )
    assert only_md.hits and {h.suffix for h in only_md.hits} == {"md"}
    in_rust = _search(
        team_lib,
        empty_local.engine,
        "tomatoes threads ownership",
        k=20,
        filters=SearchFilters(folders=(mount + "/rust",)),
    )
    assert in_rust.hits and all(h.path.startswith(mount + "/rust/") for h in in_rust.hits)
    elsewhere = _search(
        team_lib,
        empty_local.engine,
        "tomatoes",
        k=20,
        filters=SearchFilters(folders=("/home/someone",)),
    )
    assert elsewhere.hits == ()
    future = _search(
        team_lib,
        empty_local.engine,
        "tomatoes",
        k=20,
        filters=SearchFilters(modified_after=time.time() + 3600),
    )
    assert future.hits == ()


def test_update_move_and_delete_reach_the_team_library(team, share, spaces, empty_local):
    notes = share / "notes"
    team_lib = TeamLibrary("Team", team.target, spaces)
    (notes / "invoice.txt").write_text("Invoice 4471 was paid in full by bank transfer.\n")
    (notes / "trip.md").rename(share / "rust" / "trip.md")
    (notes / "tomatoes.md").unlink()
    try:
        result = team.run()
        # Only the changed file's one chunk, in both spaces: the moved file kept its vectors.
        assert result.embedded == 2
        paths = {r["path"] for r in _rows(team)}
        assert str(notes / "tomatoes.md") not in paths
        assert str(notes / "trip.md") not in paths and str(share / "rust" / "trip.md") in paths
        assert len(_rows(team)) == _expected_chunks(team)
        paid = _search(team_lib, empty_local.engine, "paid bank transfer", k=1, mode="keyword")
        assert paid.hits[0].name == "invoice.txt"
        assert "maintenance" not in paid.hits[0].best.snippet.text
    finally:  # the share as the other tests of this module know it
        (share / "rust" / "trip.md").rename(notes / "trip.md")
        for name, text in NOTES.items():
            (notes / name).write_text(text, encoding="utf-8")
        team.run()


def test_an_unreachable_server_gives_local_results_and_a_note_without_retrying(
    empty_local, spaces, monkeypatch
):
    import socket

    from desktop_search.team import reader

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    target = parse_target(f"http://127.0.0.1:{port}#team_docs", timeout_s=1.0, name="Office")
    team_lib = TeamLibrary("Office", target, spaces)
    tries = []
    real = reader.connect
    monkeypatch.setattr(reader, "connect", lambda t: (tries.append(1), real(t))[1])
    first = _search(team_lib, empty_local.engine, "tomatoes")
    assert first.hits == () and any("does not answer" in n for n in first.notes)
    assert any(n.startswith("the team library “Office” (http://127.0.0.1:") for n in first.notes)
    second = _search(team_lib, empty_local.engine, "tomatoes")
    assert any("does not answer" in n for n in second.notes)
    assert len(tries) == 1  # left alone for a while, not asked again on every keystroke


class _SlowTeam:
    name = "Slow"

    def __init__(self, inner: TeamLibrary, delay: float) -> None:
        self.inner, self.delay = inner, delay

    def candidates(self, *args, **kw):
        time.sleep(self.delay)
        return self.inner.candidates(*args, **kw)

    def close(self) -> None:
        pass


def test_a_slow_team_library_lets_local_results_out_first(team, make_library, tmp_path, spaces):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "my-tomatoes.md").write_text("My tomatoes need water every morning.\n")
    lib = make_library()
    ix = lib.indexer(extract=None)
    ix.run([str(mine)])
    ix.close()
    ts = TeamSearch(
        [_SlowTeam(TeamLibrary("Team", team.target, spaces), 1.0)], grace_s=0.05, wait_s=60
    )
    partial = []
    try:
        final = ts.search(lib.engine, "tomatoes", on_partial=partial.append)
    finally:
        ts.close()
    assert len(partial) == 1 and partial[0].partial
    assert {h.library for h in partial[0].hits} == {"local"}
    assert "Team" in {h.library for h in final.hits} and not final.partial


def test_wrong_credentials_give_a_plain_message_and_never_reach_the_log(
    tmp_path, spaces, empty_local, caplog
):
    from tests.team.auth_server import start_auth_server

    server, port = start_auth_server(tmp_path / "auth.db", token="alice:right-password")
    try:
        target = parse_target(
            f"http://127.0.0.1:{port}#team_docs", user="alice", secret="wrong-password"
        )
        with caplog.at_level(logging.DEBUG):
            result = _search(TeamLibrary("Office", target, spaces), empty_local.engine, "x")
        assert any("refused the user name, password or token" in n for n in result.notes), (
            result.notes
        )
        assert "wrong-password" not in caplog.text
        assert "wrong-password" not in repr(target)
    finally:
        server.stop(grace=0)


def test_tls_is_on_by_default_except_on_this_machine():
    assert parse_target("http://files.example.org:19530").use_tls
    assert parse_target("http://10.0.0.5").client_uri() == "https://10.0.0.5:19530"
    assert not parse_target("http://127.0.0.1:19530").use_tls
    assert not parse_target("http://localhost").use_tls
    assert not parse_target("http://files.example.org", tls=False).use_tls
    assert not parse_target("/srv/team.db").use_tls


@pytest.mark.parametrize(
    ("pairs", "server", "local"),
    [
        ((("/srv/share", "/mnt/share"),), "/srv/share/a/b.pdf", "/mnt/share/a/b.pdf"),
        ((("/srv/share", "\\\\files\\share"),), "/srv/share/a/b.pdf", "\\\\files\\share\\a\\b.pdf"),
        (
            (("/srv/share", "smb://files/share"),),
            "/srv/share/a b/合同.pdf",
            "smb://files/share/a%20b/%E5%90%88%E5%90%8C.pdf",
        ),
        ((("/srv", "/x"), ("/srv/share", "/y")), "/srv/share/c.txt", "/y/c.txt"),
        ((("/srv/share", "/mnt/share"),), "/srv/shared/c.txt", "/srv/shared/c.txt"),
    ],
)
def test_path_mapping(pairs, server, local):
    assert PathMap(pairs).to_local(server) == local


def test_path_mapping_turns_a_local_folder_into_the_servers():
    m = PathMap((("/srv/share", "/mnt/share"),))
    assert m.to_server("/mnt/share/rust") == "/srv/share/rust"
    assert m.to_server("/home/me") is None


def test_a_team_library_that_never_answers_is_given_up_on(team, empty_local, spaces):
    ts = TeamSearch(
        [_SlowTeam(TeamLibrary("Team", team.target, spaces), 5.0)], grace_s=0.05, wait_s=0.3
    )
    partial = []
    try:
        final = ts.search(empty_local.engine, "tomatoes", on_partial=partial.append)
    finally:
        ts.close()
    assert partial and final.hits == ()
    assert any("did not answer in time" in n for n in final.notes)


def test_a_word_in_more_passages_than_milvus_returns_weighs_as_it_does_locally(
    tmp_path, milvus_uri, spaces, monkeypatch
):
    """A term more passages hold than Milvus returns rows for one question cannot be
    counted by the reader; the writer records its count, so its IDF is FTS5's (the limits
    are made small here: 16,384 rows, counted from 256 passages)."""
    from desktop_search.search import lexical
    from desktop_search.search.query import parse_query
    from desktop_search.store import export
    from desktop_search.team import words

    monkeypatch.setattr(words, "QUERY_LIMIT", 4)
    monkeypatch.setattr(words, "COUNTED_FROM", 4)
    share = tmp_path / "share"
    share.mkdir()
    for i in range(8):
        (share / f"garden-{i}.md").write_text(f"Water the beds in row {i} before noon.\n")
    (share / "well.md").write_text("The well water is cold, and the pump needs oil.\n")
    target = parse_target(milvus_uri + "#common_words")
    server = _team_indexer(target, tmp_path / "server", spaces)
    try:
        server.add_folders([str(share)])
        server.run()
        recorded = schema.read_stats(server.client, "common_words", 30.0)
        assert recorded["counted"] == export.common_terms(server.library.catalog, 4, 5000)
        assert recorded["counted"]["terms"]["water"] == 9
        assert recorded["common"]["terms"]["water"] == 9  # what earlier readers know

        q = parse_query("water pump")
        concepts = lexical.query_concepts(q.text)
        exact = lexical.is_question(q) or lexical.looks_like_lookup(q, concepts)
        fts5 = server.library.catalog.keyword_scores(
            lexical.passage_expression(q, concepts, exact=exact), (1.0, 0.5)
        )
        best_locally = max(fts5.scores)

        def best_in_team(filters=None) -> tuple[float, list]:
            team_lib = TeamLibrary("Team", target, spaces)
            asked = []
            try:
                client = team_lib._open()
                search = client.search
                monkeypatch.setattr(
                    client, "search", lambda *a, **kw: asked.append(kw) or search(*a, **kw)
                )
                found = team_lib.candidates(q, key_base=-(10**9), mode="keyword", filters=filters)
            finally:
                team_lib.close()
            keyword = next(s for s in found.sources if s.source == "keyword")
            return max(score for _, score in keyword.hits), asked

        assert best_in_team()[0] == pytest.approx(best_locally, rel=1e-9)
        # Without the recorded count "water" would count as in 4 passages: too rare.
        with monkeypatch.context() as m:
            m.setattr(words.Stats, "recorded", lambda self, c, t: None)
            assert best_in_team()[0] != pytest.approx(best_locally, rel=1e-3)

        # A word Milvus could list in full: under a filter, the passages of the whole
        # library are not fetched for a count the writer recorded (a Chinese character:
        # thousands of rows, seconds, for one number of one IDF); a rarer word's are.
        monkeypatch.setattr(words, "QUERY_LIMIT", 16384)
        best, asked = best_in_team(SearchFilters(folders=(str(share),)))
        whole_library = [kw["data"] for kw in asked if not kw.get("filter")]
        assert ["water"] not in whole_library and ["pump"] in whole_library
        assert best == pytest.approx(best_locally, rel=1e-9)
    finally:
        server.close()


def test_a_team_library_file_gives_plain_reasons_and_is_never_made_by_a_search(
    tmp_path, empty_local, spaces
):
    """Seen by a new user: a missing file, a missing folder and a file another program
    holds all said "does not answer", under the address instead of the library's name."""
    import subprocess
    import sys

    missing = tmp_path / "nope" / "team.db"
    absent = TeamLibrary("Missing", parse_target(f"{tmp_path / 'team.db'}#docs"), spaces)
    (note,) = _search(absent, empty_local.engine, "tomatoes").notes
    assert "there is no team library file" in note
    assert not (tmp_path / "team.db").exists()  # a typing mistake leaves nothing behind
    from desktop_search.team.target import TeamError, connect

    with pytest.raises(TeamError, match=f"the folder {missing.parent} is not there"):
        connect(parse_target(f"{missing}#docs", name="Missing"))

    held = tmp_path / "held.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pymilvus import MilvusClient\n"
            f"MilvusClient({str(held)!r})\nprint('open', flush=True)\ntime.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(TeamError) as err:
            connect(parse_target(f"{held}#docs", name="Projects"))
        assert err.value.kind == "busy"
        assert "“Projects”" in err.value.reason and "open in another program" in err.value.reason
        assert f"milvus-lite server --data-dir {held}" in err.value.reason
    finally:
        holder.kill()
        holder.wait()
