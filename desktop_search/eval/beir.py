"""Load a BEIR-format retrieval set: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.

Only queries that have at least one relevant document in the qrels are kept, as BEIR does.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str

    @property
    def full_text(self) -> str:
        """Title as the first line, then the text (what the app indexes)."""
        return f"{self.title}\n{self.text}" if self.title.strip() else self.text


@dataclass(frozen=True, slots=True)
class Query:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class BeirSet:
    name: str
    corpus: tuple[Document, ...]
    queries: tuple[Query, ...]
    # query id -> {doc id: graded relevance > 0}
    qrels: Mapping[str, Mapping[str, int]]


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if header is not None and header[-1].strip().lstrip("-").isdigit():
            # no header line: treat the first row as data
            qrels.setdefault(header[0], {})[header[1]] = int(header[2])
        for row in reader:
            if len(row) < 3:
                continue
            score = int(row[2])
            if score > 0:
                qrels.setdefault(row[0], {})[row[1]] = score
    return qrels


def load_beir(folder: str | Path, *, split: str = "test", name: str | None = None) -> BeirSet:
    folder = Path(folder)
    corpus = tuple(
        Document(str(d["_id"]), str(d.get("title") or ""), str(d.get("text") or ""))
        for d in _read_jsonl(folder / "corpus.jsonl")
    )
    qrels = load_qrels(folder / "qrels" / f"{split}.tsv")
    queries = tuple(
        Query(str(q["_id"]), str(q["text"]))
        for q in _read_jsonl(folder / "queries.jsonl")
        if str(q["_id"]) in qrels
    )
    frozen = MappingProxyType({q: MappingProxyType(d) for q, d in qrels.items()})
    return BeirSet(name or folder.name, corpus, queries, frozen)
