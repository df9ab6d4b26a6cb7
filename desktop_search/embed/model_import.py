"""Bring a user's model in: a hub name, a local folder, or an archive of one.

Where the default hub is blocked people download a model elsewhere (or use a mirror via
``HF_ENDPOINT``) and hand us a folder or a .zip/.tar.gz; an archive is unpacked into
the app's data folder so the model keeps working after the download is deleted.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

from desktop_search.embed.presets import space_name_for

_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
_MARKERS = ("modules.json", "config.json", "config_sentence_transformers.json")


class ModelImportError(Exception):
    """The model source cannot be used; the message says why in plain words."""


def _model_root(folder: Path) -> Path | None:
    """The folder (``folder`` or below) that holds the model's config files."""
    for marker in _MARKERS:
        if (folder / marker).exists():
            return folder
    for marker in _MARKERS:
        found = sorted(folder.rglob(marker), key=lambda p: len(p.parts))
        if found:
            return found[0].parent
    return None


def resolve_model_source(source: str, models_dir: Path) -> str:
    """A model reference the embedder can load: a local folder path, or the hub name as given."""
    path = Path(source).expanduser()
    if path.is_dir():
        root = _model_root(path)
        if root is None:
            raise ModelImportError(
                f"{source}: no model files here (expected {_MARKERS[0]} or config.json)"
            )
        return str(root.resolve())
    if path.is_file():
        if not source.lower().endswith(_ARCHIVES):
            raise ModelImportError(f"{source}: not a folder or a .zip/.tar.gz archive")
        name = space_name_for(path.name.split(".")[0])
        dest = models_dir / name
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        try:
            if tarfile.is_tarfile(path):
                with tarfile.open(path) as tar:
                    tar.extractall(dest, filter="data")  # refuses links and paths outside dest
            else:
                shutil.unpack_archive(str(path), str(dest))
        except (OSError, tarfile.TarError, shutil.ReadError, ValueError) as exc:
            shutil.rmtree(dest, ignore_errors=True)
            raise ModelImportError(f"{source}: cannot unpack ({exc})") from exc
        root = _model_root(dest)
        if root is None:
            shutil.rmtree(dest, ignore_errors=True)
            raise ModelImportError(f"{source}: the archive holds no model files")
        return str(root.resolve())
    if "/" in source or source.replace("-", "").replace("_", "").replace(".", "").isalnum():
        return source  # a hub name such as "BAAI/bge-small-zh-v1.5"
    raise ModelImportError(f"{source}: no such folder or file")
