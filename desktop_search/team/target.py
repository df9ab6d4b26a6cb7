"""Where a team library lives and how to reach it: ``URI[#collection]`` plus credentials.

A URI is a Milvus server (``http://host:19530``, ``https://…``) or a local milvus-lite
file (``/srv/index/team.db``). TLS is on by default for every server that is not on
this machine: a password sent in the clear over a network is a password given away.
Errors come back as ``TeamError`` with a plain reason; the credentials never reach a
log line or an error message.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)

DEFAULT_COLLECTION = "desktop_search"
_COLLECTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")


class TeamError(Exception):
    """A team library could not be used; ``reason`` is plain words a user can act on."""

    def __init__(self, reason: str, *, kind: str = "error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "unreachable", "credentials", "schema", "error"


@dataclass(frozen=True, slots=True)
class TeamTarget:
    """One team library: the server (or milvus-lite file) and the collection in it."""

    uri: str
    collection: str = DEFAULT_COLLECTION
    user: str = ""
    secret: str = ""  # password (with ``user``) or token; never logged, never in settings
    tls: bool | None = None  # None: on unless the server is on this machine
    timeout_s: float = 3.0
    name: str = ""  # what the user called it (Preferences), for messages

    @property
    def described(self) -> str:
        """How messages name it: "“Projects” (https://…#projects)", or the address alone."""
        return f"“{self.name}” ({self.display})" if self.name else self.display

    def __repr__(self) -> str:  # the dataclass repr would print the secret
        return f"TeamTarget({self.display!r}, user={self.user!r})"

    @property
    def is_lite(self) -> bool:
        """A local milvus-lite file rather than a server."""
        return "://" not in self.uri

    @property
    def display(self) -> str:
        """``uri#collection`` without any password embedded in the URI."""
        if self.is_lite:
            return f"{self.uri}#{self.collection}"
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", "")) + f"#{self.collection}"

    @property
    def use_tls(self) -> bool:
        if self.is_lite:
            return False
        if self.tls is not None:
            return self.tls
        parts = urlsplit(self.uri)
        return parts.scheme == "https" or not is_loopback(parts.hostname or "")

    def client_uri(self) -> str:
        """The URI handed to pymilvus: the scheme says whether TLS is used."""
        if self.is_lite:
            return self.uri
        parts = urlsplit(self.uri)
        scheme = "https" if self.use_tls else "http"
        host = parts.hostname or "localhost"
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{host}:{parts.port or 19530}"
        return urlunsplit((scheme, netloc, parts.path, "", ""))


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses (where TLS protects nothing)."""
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_target(text: str, **kwargs: object) -> TeamTarget:
    """``URI[#collection]`` -> a target (credentials passed separately, never in the text)."""
    text = text.strip()
    if not text:
        raise TeamError("no team library given: use URI[#collection], e.g. http://server:19530")
    uri, _, collection = text.partition("#")
    collection = collection or DEFAULT_COLLECTION
    if not _COLLECTION_NAME.match(collection):
        raise TeamError(
            f"not a collection name: {collection!r} (letters, digits and _, not starting "
            "with a digit)"
        )
    if "://" in uri:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https", "tcp", "grpc"):
            raise TeamError(f"unknown scheme {parts.scheme!r}: use http:// or https://")
        if parts.username or parts.password:
            raise TeamError("put the user name and password in the settings, not in the URI")
    return TeamTarget(uri=uri, collection=collection, **kwargs)  # type: ignore[arg-type]


def plain_reason(exc: BaseException, target: TeamTarget) -> TeamError:
    """Turn a pymilvus / gRPC / socket failure into a TeamError a user can act on."""
    if isinstance(exc, TeamError):
        return exc
    text = f"{getattr(exc, 'message', '')} {exc}".lower()
    code = getattr(exc, "code", None)
    cause, depth = exc.__cause__, 0
    while cause is not None and depth < 8:  # pymilvus wraps the gRPC status of a handshake
        depth += 1
        status = getattr(cause, "code", None)
        if callable(status):
            with contextlib.suppress(Exception):
                text += f" {getattr(status(), 'name', '')}".lower()
        cause = cause.__cause__
    name = target.described
    if target.secret and target.secret.lower() in text:  # never echo a secret
        text = text.replace(target.secret.lower(), "***")
    if code in (16, 1800, 1801) or any(
        w in text for w in ("unauthenticated", "authenticat", "credential", "password")
    ):
        return TeamError(
            f"the team library {name} refused the user name, password or token", kind="credentials"
        )
    if "permission" in text or "privilege" in text or code == 7:
        return TeamError(f"this account may not read the team library {name}", kind="credentials")
    if target.is_lite and "open local milvus failed" in text:
        return _lite_file_problem(target)
    if isinstance(exc, (socket.timeout, TimeoutError)) or any(
        w in text
        for w in (
            "unavailable",
            "connect",
            "timeout",
            "timed out",
            "deadline",
            "fail to",
            "server unavailable",
        )
    ):
        return TeamError(f"the team library {name} does not answer", kind="unreachable")
    if "collection not found" in text or "can't find collection" in text or "not exist" in text:
        return TeamError(f"the team library {name} has no such collection", kind="schema")
    log.info("team library %s failed: %s", name, type(exc).__name__)
    return TeamError(f"the team library {name} failed ({type(exc).__name__})")


def _lite_file_problem(target: TeamTarget) -> TeamError:
    """Why a milvus-lite file did not open, in words: "does not answer" misled."""
    path = Path(target.uri).expanduser()
    if not path.parent.is_dir():
        return TeamError(
            f"the team library {target.described}: the folder {path.parent} is not there",
            kind="unreachable",
        )
    if path.exists():
        # milvus-lite lets one program at a time open a file (seen: indexing the team
        # library while the desktop app searched it).
        return TeamError(
            f"the team library {target.described} is open in another program (a milvus-lite "
            "file serves one program at a time: quit the other one, or serve the file to "
            f"both with `milvus-lite server --data-dir {path} --host 127.0.0.1` and use "
            f"http://127.0.0.1:19530#{target.collection}; see docs/team.md)",
            kind="busy",
        )
    return TeamError(f"the team library {target.described} could not be opened", kind="error")


def connect(target: TeamTarget):
    """A pymilvus ``MilvusClient`` for ``target``, or TeamError (unreachable, credentials)."""
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:
        raise TeamError(
            "team libraries need the pymilvus package: pip install 'desktop-search[team]'"
        ) from exc
    # pymilvus logs every failed call with a traceback; ours is one plain line.
    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
    kwargs: dict[str, object] = {"timeout": target.timeout_s}
    if target.user and target.secret:
        kwargs.update(user=target.user, password=target.secret)
    elif target.secret:
        kwargs["token"] = target.secret
    try:
        return MilvusClient(target.client_uri(), **kwargs)
    except Exception as exc:
        raise plain_reason(exc, target) from None
