"""What one row of a team library holds, and how the collection is made.

One row per (file, chunk): the chunk's text and place (page, offsets), the file's path,
name, kind, size, mtime and content hash, the languages, the pre-analysed keyword terms
and one vector field per vector space. One collection with several vector fields, not
one per space (benchmarks/team_milvus.py --layout): a chunk is written, replaced and
deleted in one operation, so the keyword and vector sides can never disagree, the text
and filter fields are stored once, and a search needs no second round-trip for rows. Where
a space does not serve a chunk's language (MiniLM on Chinese) the row holds a fixed
placeholder vector that no search can reach: every vector search filters on
``language`` and leaves out navigation rows (which no space embeds). Nullable vector
fields would save that space but need Milvus 2.6, and milvus-lite 3.2 refuses a batch
whose nullable vector column is all NULL (a batch of Chinese chunks).

Keyword evidence is the app's own analysis (``text/analyzer.py``): the ``terms`` and
``exact`` fields hold the two FTS5 columns of the chunk exactly as the local index holds
them (stems, Chinese characters and bigrams; the words as written). Milvus' BM25
function over ``terms`` finds the candidate passages; the client scores them again as
FTS5 does, with the statistics the writer records in the collection's properties, and
asks which passages hold each query word (a BM25 search for it alone: ``team/words.py``),
so a team passage's keyword evidence is the number a local one would get. Each row also
carries its navigation mark and its document's passage count (the engine's navigation
discount and length prior). The fields' analyzer only splits on spaces, so Milvus
neither re-segments Chinese nor re-stems English; the analysis is never copied into
Milvus' own analyzers. ``analyzer_id`` fingerprints the analysis, so a change to it is
noticed and the terms are written again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from desktop_search.text.analyzer import fold, index_text

SCHEMA_VERSION = 3  # 2: exact words, navigation marks, passages per document, stats;
# 3: the file name in lower case (``name_folded``), for file-name matches
READABLE_VERSIONS = frozenset({2, 3})  # searched and written (a 2 has no file-name matches)
INFO_PROPERTY = "desktop_search.info"  # collection property: CollectionInfo as JSON
STATS_PROPERTY = "desktop_search.stats"  # collection property: KeywordStats as JSON
MAX_TEXT = 65535  # bytes, Milvus' VARCHAR limit
MAX_PATH = 4096
MAX_FOLDERS = 64  # ancestor folders kept per row (folder filter)
BM25_PARAMS = {"bm25_k1": 1.2, "bm25_b": 0.75}
OUTPUT_FIELDS = (
    "path",
    "name",
    "suffix",
    "title",
    "size",
    "mtime_ns",
    "hash",
    "text_hash",
    "doc_language",
    "language",
    "ord",
    "start",
    "end",
    "page",
    "location",
    "text",
    "nav",
    "passages",
)
#: The keyword columns, for scoring passages as FTS5 does (``team/words.py``).
KEYWORD_FIELDS = ("terms", "exact")

# Words that exercise every part of the analysis (Han runs, stemming, stopwords, case,
# digits); its analysed form changes whenever the analysis does.
_PROBE = "The Running runners ran 2024 Ownership 合同违约金条款 向量数据库 naïve Café's ß"


def folded(column: str) -> str:
    """Keyword terms as FTS5 matches them. Milvus' whitespace analyzer matches tokens as
    stored, so ``café`` is stored (and asked for) as ``cafe``: locally FTS5 folds both."""
    return " ".join(fold(t) for t in column.split())


def analyzer_id() -> str:
    """A fingerprint of the keyword analysis as it is now (``text.analyzer.index_text``,
    folded as stored): a change to either rewrites every row at the next run."""
    return hashlib.sha1(folded(index_text(_PROBE)).encode("utf-8")).hexdigest()[:12]


def folded_name(name: str) -> str:
    """A file name as matched against a query (lower case, as the local catalog asks)."""
    return clip(name.lower(), 1024)


def name_pattern(needle: str) -> str:
    """The Milvus filter for names holding ``needle`` (already lower case). ``like`` knows
    the wildcards ``%`` and ``_`` only, so a ``%`` in the needle becomes ``_`` (any one
    character) and the reader checks each name it gets back."""
    pattern = "%" + needle.replace("%", "_") + "%"
    return f"name_folded like {json.dumps(pattern, ensure_ascii=False)}"


def placeholder(dim: int) -> list[float]:
    """The vector of a row its space does not serve (never searched: see the docstring)."""
    return [1.0] + [0.0] * (dim - 1)


def vector_field(space: str) -> str:
    """The vector field of a space (Milvus field names are [A-Za-z0-9_])."""
    return "v_" + re.sub(r"[^A-Za-z0-9_]", "_", space)


@dataclass(frozen=True, slots=True)
class SpaceInfo:
    """A vector space as written into the collection (clients embed queries only when
    their own model for that space is the same)."""

    name: str
    model_id: str
    dim: int
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    version: int
    analyzer: str
    spaces: tuple[SpaceInfo, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "desktop_search": self.version,
                "analyzer": self.analyzer,
                "spaces": [
                    {"name": s.name, "model_id": s.model_id, "dim": s.dim, "languages": s.languages}
                    for s in self.spaces
                ],
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> CollectionInfo | None:
        try:
            raw = json.loads(text)
            return cls(
                int(raw["desktop_search"]),
                str(raw["analyzer"]),
                tuple(
                    SpaceInfo(s["name"], s["model_id"], int(s["dim"]), tuple(s["languages"]))
                    for s in raw["spaces"]
                ),
            )
        except (ValueError, KeyError, TypeError):
            return None


def chunk_key(path: str, content_hash: str, ord_: int) -> int:
    """A stable int64 primary key: the same file, bytes and chunk give the same id, so
    writing a chunk again replaces it (an interrupted run repeats work, never duplicates)."""
    digest = hashlib.blake2b(
        f"{path}\0{content_hash}\0{ord_}".encode("utf-8", "surrogatepass"), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes (on a character boundary)."""
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def folders_of(path: str) -> list[str]:
    """Every ancestor folder of ``path`` ('/a/b/c.txt' -> ['/a', '/a/b']), for filters."""
    sep = "\\" if "\\" in path and "/" not in path else "/"
    parts = path.split(sep)
    out = []
    for i in range(1, len(parts)):
        folder = sep.join(parts[:i])
        if folder:
            out.append(folder)
    return out[-MAX_FOLDERS:]


def read_info(client, name: str, timeout: float) -> CollectionInfo | None:
    """The CollectionInfo of an existing collection (None: not made by this app)."""
    desc = client.describe_collection(name, timeout=timeout)
    return CollectionInfo.from_json((desc.get("properties") or {}).get(INFO_PROPERTY, ""))


def read_stats(client, name: str, timeout: float) -> dict[str, Any] | None:
    """The keyword statistics the writer last recorded (None: none yet): the four counts;
    ``counted`` (column -> term -> passages) for the terms at least
    ``words.COUNTED_FROM`` passages hold, so the reader need not count them; ``common``, the
    part of them more passages hold than Milvus returns rows for one question (all that
    earlier writers recorded)."""
    desc = client.describe_collection(name, timeout=timeout)
    try:
        raw = json.loads((desc.get("properties") or {}).get(STATS_PROPERTY, ""))
        stats = {k: int(raw[k]) for k in ("rows", "tokens", "documents", "passages")}
        for key in ("common", "counted"):  # not from a writer that predates them
            if key in raw:
                stats[key] = {
                    col: {str(t): int(n) for t, n in terms.items()}
                    for col, terms in (raw[key] or {}).items()
                }
        return stats
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def serves_lite(client, timeout: float) -> bool:
    """True when the server is milvus-lite (a file, or served over http by milvus_lite)."""
    try:
        return str(client.get_server_version(timeout=timeout)).startswith("milvus_lite")
    except Exception:  # an old server without the call: a server, not lite
        return False


def create_collection(client, name: str, info: CollectionInfo, *, lite: bool) -> None:
    """Make the collection and its indexes (callers check ``has_collection`` first)."""
    try:
        _create(
            client,
            name,
            info,
            tokenizer="standard" if lite else "whitespace",
            vectors="FLAT" if lite else "HNSW",
        )
    except Exception as exc:
        # milvus-lite behind an http:// URI knows only "standard" (\w+, lower-case), which
        # splits pre-analysed terms exactly as "whitespace" does.
        if lite or "tokenizer" not in str(exc):
            raise
        _create(client, name, info, tokenizer="standard")


def _create(
    client, name: str, info: CollectionInfo, *, tokenizer: str, vectors: str = "HNSW"
) -> None:
    """``vectors``: the vector index. milvus-lite gets FLAT, exact as the local FAISS index:
    its HNSW never returned some passages, not even for their own vector (the library
    known-item set: the same top 10 as locally for 184 of 214 queries with HNSW, 214 with
    FLAT; benchmarks/team_library_eval.py). A server keeps HNSW, which scales."""
    from pymilvus import DataType, Function, FunctionType

    s = client.create_schema(auto_id=False, enable_dynamic_field=False)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("path", DataType.VARCHAR, max_length=MAX_PATH)
    s.add_field(
        "folders",
        DataType.ARRAY,
        element_type=DataType.VARCHAR,
        max_capacity=MAX_FOLDERS,
        max_length=MAX_PATH,
    )
    s.add_field("name", DataType.VARCHAR, max_length=1024)
    s.add_field("name_folded", DataType.VARCHAR, max_length=1024)  # files named like the query
    s.add_field("suffix", DataType.VARCHAR, max_length=64)
    s.add_field("title", DataType.VARCHAR, max_length=2048)
    s.add_field("size", DataType.INT64)
    s.add_field("mtime_ns", DataType.INT64)
    s.add_field("hash", DataType.VARCHAR, max_length=128)
    s.add_field("text_hash", DataType.VARCHAR, max_length=128)  # one result per text
    s.add_field("doc_language", DataType.VARCHAR, max_length=16)
    s.add_field("language", DataType.VARCHAR, max_length=16)
    s.add_field("ord", DataType.INT32)
    s.add_field("start", DataType.INT64)
    s.add_field("end", DataType.INT64)
    s.add_field("page", DataType.INT32)  # 0: no page
    s.add_field("location", DataType.VARCHAR, max_length=1024)
    s.add_field("text", DataType.VARCHAR, max_length=MAX_TEXT)
    # Pre-analysed terms: a server splits them on whitespace and nothing else.
    s.add_field(
        "terms",
        DataType.VARCHAR,
        max_length=MAX_TEXT,
        enable_analyzer=True,
        analyzer_params={"tokenizer": tokenizer},
    )
    s.add_field("exact", DataType.VARCHAR, max_length=MAX_TEXT)  # words as written (FTS5's 2nd)
    s.add_field("nav", DataType.BOOL)  # a table of contents, an index page (text/navigation.py)
    s.add_field("passages", DataType.INT32)  # the document's passages (length prior)
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_function(
        Function(
            name="terms_bm25",
            function_type=FunctionType.BM25,
            input_field_names=["terms"],
            output_field_names=["sparse"],
        )
    )
    for sp in info.spaces:
        s.add_field(vector_field(sp.name), DataType.FLOAT_VECTOR, dim=sp.dim)
    ip = client.prepare_index_params()
    ip.add_index(
        "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25_PARAMS
    )
    for sp in info.spaces:
        ip.add_index(
            vector_field(sp.name),
            index_type=vectors,
            metric_type="COSINE",
            params={"M": 16, "efConstruction": 200} if vectors == "HNSW" else {},
        )
    for scalar in ("language", "suffix", "mtime_ns"):  # the filters' fields
        ip.add_index(scalar, index_type="INVERTED")
    client.create_collection(
        name, schema=s, index_params=ip, properties={INFO_PROPERTY: info.to_json()}
    )
