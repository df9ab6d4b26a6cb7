import json

import pytest

from desktop_search.eval.beir import load_beir


@pytest.fixture
def beir_dir(tmp_path):
    (tmp_path / "qrels").mkdir()
    docs = [
        {"_id": "d1", "title": "合同", "text": "违约金为合同金额的百分之十。"},
        {"_id": "d2", "title": "", "text": "The cat sat on the mat."},
    ]
    queries = [{"_id": "q1", "text": "违约金是多少"}, {"_id": "q2", "text": "no qrels"}]
    (tmp_path / "corpus.jsonl").write_text(
        "\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8"
    )
    (tmp_path / "queries.jsonl").write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in queries) + "\n", encoding="utf-8"
    )
    (tmp_path / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n", encoding="utf-8"
    )
    return tmp_path


def test_load_beir(beir_dir):
    s = load_beir(beir_dir)
    assert [d.id for d in s.corpus] == ["d1", "d2"]
    assert s.corpus[0].full_text == "合同\n违约金为合同金额的百分之十。"
    assert s.corpus[1].full_text == "The cat sat on the mat."
    # only queries with a relevant document are kept; zero grades are dropped
    assert [q.id for q in s.queries] == ["q1"]
    assert dict(s.qrels["q1"]) == {"d1": 2}
    assert s.name == beir_dir.name


def test_records_are_frozen(beir_dir):
    s = load_beir(beir_dir)
    with pytest.raises(AttributeError):
        s.corpus[0].text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.qrels["q1"]["d2"] = 1  # type: ignore[index]
