"""What we know about popular embedding models: prefixes, languages, sensible names.

Some models only work well with the instruction prefixes they were trained with
(multilingual-e5 wants "query: " / "passage: "; bge wants an instruction on queries).
Users type a model name; this table turns it into a correct space definition, and any
model not listed still works with no prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_search.settings import SpaceSpec


@dataclass(frozen=True, slots=True)
class ModelPreset:
    languages: tuple[str, ...]
    query_prefix: str = ""
    document_prefix: str = ""
    note: str = ""


KNOWN_MODELS: dict[str, ModelPreset] = {
    "intfloat/multilingual-e5-small": ModelPreset(("zh", "en"), "query: ", "passage: "),
    "intfloat/multilingual-e5-base": ModelPreset(("zh", "en"), "query: ", "passage: "),
    "intfloat/multilingual-e5-large": ModelPreset(("zh", "en"), "query: ", "passage: "),
    "BAAI/bge-m3": ModelPreset(("zh", "en")),
    "BAAI/bge-small-zh-v1.5": ModelPreset(
        ("zh",),
        "为这个句子生成表示以用于检索相关文章：",
        note="Chinese; recommended for Chinese libraries",
    ),
    "BAAI/bge-base-zh-v1.5": ModelPreset(("zh",), "为这个句子生成表示以用于检索相关文章："),
    "BAAI/bge-small-en-v1.5": ModelPreset(
        ("en",), "Represent this sentence for searching relevant passages: "
    ),
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2": ModelPreset(
        ("zh", "en"), note="small multilingual model, good for mixed libraries"
    ),
    "sentence-transformers/all-MiniLM-L6-v2": ModelPreset(("en",)),
}

RECOMMENDED_FOR_CHINESE = "BAAI/bge-small-zh-v1.5"


def preset_for(model: str) -> ModelPreset | None:
    """The preset for ``model`` (matched by its last path parts, case-insensitively)."""
    key = model.strip().rstrip("/").lower()
    for name, preset in KNOWN_MODELS.items():
        n = name.lower()
        if key == n or key.endswith("/" + n.split("/")[-1]) or key == n.split("/")[-1]:
            return preset
    return None


def space_name_for(model: str) -> str:
    """A short, stable space name for a model ("multilingual-e5-small")."""
    tail = model.strip().rstrip("/\\").replace("\\", "/").split("/")[-1]
    return re.sub(r"[^a-z0-9._-]+", "-", tail.lower()).strip("-") or "custom"


def spec_for_model(
    model: str,
    *,
    name: str | None = None,
    languages: tuple[str, ...] | None = None,
    query_prefix: str | None = None,
    document_prefix: str | None = None,
) -> SpaceSpec:
    """A space definition for ``model``, with known prefixes/languages unless overridden."""
    preset = preset_for(model) or ModelPreset(("zh", "en"))
    return SpaceSpec(
        name=name or space_name_for(model),
        model=model,
        languages=languages or preset.languages,
        query_prefix=preset.query_prefix if query_prefix is None else query_prefix,
        document_prefix=preset.document_prefix if document_prefix is None else document_prefix,
    )
