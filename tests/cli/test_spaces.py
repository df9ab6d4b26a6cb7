"""Vector spaces as a user manages them: add a model from a folder or archive, drop, rebuild."""

from __future__ import annotations

import shutil

import pytest

from desktop_search.cli.main import main
from tests.conftest import copy_files


@pytest.fixture
def model_folder(tmp_path):
    from desktop_search.embed.sentence_transformer import packaged_minilm_path

    dest = tmp_path / "downloads" / "my-english-model"
    shutil.copytree(packaged_minilm_path(), dest)
    return dest


@pytest.fixture
def indexed_home(tmp_path, corpus, capsys):
    home = str(tmp_path / "home")
    docs = copy_files(
        [
            corpus / "en" / "rust-book" / "ch16-01-threads.html",
            corpus / "zh" / "走进向量的世界.txt",
        ],
        tmp_path / "docs",
    )
    assert main(["--data-dir", home, "index", str(docs)]) == 0
    capsys.readouterr()
    return home


def _top(home, query, capsys):
    assert main(["--data-dir", home, "search", query, "--mode", "semantic", "-k", "1"]) == 0
    return capsys.readouterr().out


def test_add_from_archive_index_then_drop_keeps_others_answering(
    indexed_home, model_folder, tmp_path, capsys
):
    archive = shutil.make_archive(str(tmp_path / "my-english-model"), "zip", model_folder)
    assert main(["--data-dir", indexed_home, "spaces", "add", archive, "--languages", "en"]) == 0
    assert "added space my-english-model (384-d" in capsys.readouterr().out

    assert main(["--data-dir", indexed_home, "index"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", indexed_home, "spaces", "list"]) == 0
    listing = capsys.readouterr().out
    assert "my-english-model:" in listing and "not built yet" not in listing
    assert _top(indexed_home, "run code in parallel", capsys).startswith("1. ch16-01-threads.html")

    assert main(["--data-dir", indexed_home, "spaces", "drop", "minilm"]) == 0
    capsys.readouterr()
    # The multilingual and the added space still answer, across languages too.
    assert _top(indexed_home, "run code in parallel", capsys).startswith("1. ch16-01-threads.html")
    assert _top(indexed_home, "什么是向量嵌入", capsys).startswith("1. 走进向量的世界.txt")


def test_rebuild_leaves_other_spaces_answering(indexed_home, capsys):
    assert main(["--data-dir", indexed_home, "spaces", "rebuild", "usem3"]) == 0
    capsys.readouterr()
    assert _top(indexed_home, "run code in parallel", capsys).startswith("1. ch16-01-threads.html")
    assert main(["--data-dir", indexed_home, "index"]) == 0
    capsys.readouterr()
    assert _top(indexed_home, "什么是向量嵌入", capsys).startswith("1. 走进向量的世界.txt")


def test_add_from_folder_with_known_prefixes(tmp_path, model_folder, capsys):
    home = str(tmp_path / "home")
    e5 = tmp_path / "intfloat" / "multilingual-e5-small"
    shutil.copytree(model_folder, e5)
    assert main(["--data-dir", home, "spaces", "add", str(e5)]) == 0
    capsys.readouterr()
    from desktop_search.paths import app_paths
    from desktop_search.settings import load_settings

    spec = load_settings(app_paths(home).settings_file).spaces[-1]
    assert (spec.name, spec.query_prefix, spec.document_prefix) == (
        "multilingual-e5-small",
        "query: ",
        "passage: ",
    )


def test_unknown_model_offline_is_a_plain_error(tmp_path, capsys):
    home = str(tmp_path / "home")
    assert main(["--data-dir", home, "spaces", "add", "nobody/no-such-model"]) == 1
    err = capsys.readouterr().err
    assert "cannot load model nobody/no-such-model" in err and "--download" in err
    assert "Traceback" not in err


def test_mostly_chinese_library_with_english_only_model_warns(tmp_path, corpus, capsys):
    from desktop_search.app.library import Library
    from desktop_search.embed.advice import language_advice
    from desktop_search.embed.spaces import make_spaces
    from desktop_search.paths import app_paths
    from desktop_search.settings import DEFAULT_SPACES

    docs = copy_files(sorted((corpus / "zh").glob("*.txt")), tmp_path / "docs")
    home = str(tmp_path / "home")
    assert main(["--data-dir", home, "index", "--no-embed", str(docs)]) == 0
    with Library(app_paths(home), readonly=True) as lib:
        english_only = make_spaces([DEFAULT_SPACES[0]])
        advice = language_advice(lib.catalog, english_only)
        assert advice and "Chinese" in advice and "bge-small-zh" in advice
        assert language_advice(lib.catalog, lib.spaces) is None  # the multilingual space serves it
