"""Both languages early: the vector spaces take turns, so Chinese passages get vectors
while the English space is still at work (issue 18, item 5).

Before, the multilingual space (the only one that serves Chinese) started only after
MiniLM had embedded every English passage: "0 of 2,906 passages" minutes in, and no
Chinese document found by meaning until then.
"""

from __future__ import annotations

from pathlib import Path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_second_batch_goes_to_the_other_space(make_library, tmp_path):
    docs = tmp_path / "docs"
    for i in range(8):
        _write(docs / "en" / f"note{i}.txt", f"Note {i}: we pitched the tent by lake number {i}.\n")
        zh = f"第{i}篇笔记：我们在第{i}个湖边搭了帐篷，晚上做饭。\n"
        _write(docs / "zh" / f"笔记{i}.txt", zh)
    lib = make_library()
    indexer = lib.indexer(extract=None)
    indexer.embed_batch = 2
    try:
        indexer.scan([str(docs)])
        indexer.run(embed=False)
        batches = []

        def stop_after_two(p):
            if p.phase == "embedding" and p.chunks_embedded:
                batches.append(p)
                if len(batches) >= 2:
                    indexer.stop()

        indexer.on_progress = stop_after_two
        indexer.run(embed=True)
    finally:
        indexer.close()
    counts = {c.name: c for c in indexer.space_counts()}
    assert counts["minilm"].embedded > 0
    assert counts["usem3"].embedded > 0, "the multilingual space waited for the English one"
    # and the multilingual space took the Chinese passages first (only it serves them)
    usem3 = next(r for r in lib.catalog.spaces() if r.name == "usem3")
    languages = {
        lang
        for (lang,) in lib.catalog.db.execute(
            "SELECT k.language FROM vectors v JOIN chunks k ON k.id = v.chunk_id "
            "WHERE v.space_id = ?",
            (usem3.id,),
        )
    }
    assert languages == {"zh"}
    # progress reports each space on its own, never the two added up
    assert {c.name for c in batches[-1].spaces} == {"minilm", "usem3"}
