"""Plain text, data and source code files.

These need no parsing, only the right encoding: a GBK note or a UTF-16 log decoded as
UTF-8 would fill the index with mojibake, so the encoding is detected, never assumed
(see ``encoding``). A file with a text suffix whose bytes are not text (a renamed
binary) is skipped rather than indexed as garbage.
"""

from __future__ import annotations

from pathlib import Path

from . import files
from .base import ExtractedDocument, ExtractionError, Segment, UnsupportedFile
from .encoding import Decoded, NotText, decode_text
from .normalize import build_document

# fmt: off
SUFFIXES = frozenset(
    {
        ".txt", ".text", ".log", ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".yaml", ".yml",
        ".toml", ".ini", ".cfg", ".conf", ".properties", ".rst", ".org", ".adoc", ".asciidoc",
        ".tex", ".bib", ".srt", ".vtt", ".py", ".pyi", ".pyw", ".js", ".mjs", ".cjs", ".jsx",
        ".ts", ".tsx", ".vue", ".svelte", ".css", ".scss", ".sass", ".less", ".c", ".h", ".cc",
        ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".m", ".mm", ".cs", ".java", ".kt", ".kts",
        ".scala", ".groovy", ".gradle", ".go", ".rs", ".rb", ".php", ".pl", ".pm", ".lua", ".r",
        ".jl", ".swift", ".dart", ".zig", ".nim", ".hs", ".ml", ".mli", ".fs", ".fsx", ".ex",
        ".exs", ".erl", ".clj", ".cljs", ".el", ".lisp", ".scm", ".sh", ".bash", ".zsh",
        ".fish", ".ps1", ".bat", ".cmd", ".sql", ".proto", ".graphql", ".cmake", ".mk",
        ".dockerfile",
    }
)
# fmt: on


def read_text(path: Path) -> Decoded:
    """The decoded text of ``path``; binary content raises UnsupportedFile."""
    data = files.read_bytes(path)
    if not data:
        raise ExtractionError(path, "empty file")
    try:
        return decode_text(data)
    except NotText as exc:
        raise UnsupportedFile(path, str(exc)) from exc


def extract(path: Path) -> ExtractedDocument:
    """The whole text file as one segment."""
    decoded = read_text(path)
    warnings = []
    if "\ufffd" in decoded.text:
        warnings.append(f"some characters could not be decoded (read as {decoded.encoding})")
    return build_document(path, [Segment(decoded.text)], warnings=warnings)
