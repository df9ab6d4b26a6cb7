"""Team libraries from the settings: their secrets from the keyring, one TeamSearch for all.

The keyring entry of a team library is named by its URI, collection and user, so two
libraries on one server with different accounts keep different passwords.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from desktop_search.embed import secrets
from desktop_search.embed.spaces import Space
from desktop_search.settings import TeamLibrarySpec
from desktop_search.team.pathmap import PathMap
from desktop_search.team.target import TeamError, TeamTarget, parse_target

log = logging.getLogger(__name__)


def secret_account(spec: TeamLibrarySpec) -> str:
    """The keyring account a team library's password or token is kept under."""
    return f"team:{spec.uri}#{spec.collection}:{spec.user}"


def save_secret(spec: TeamLibrarySpec, secret: str) -> None:
    """Keep the password or token in the OS keyring (SecretStoreUnavailable if none)."""
    if secret:
        secrets.save_api_key(secret_account(spec), secret)
    else:
        secrets.forget_api_key(secret_account(spec))


def target_of(spec: TeamLibrarySpec) -> TeamTarget:
    secret = secrets.api_key(account=secret_account(spec)) or ""
    return parse_target(
        f"{spec.uri}#{spec.collection}", user=spec.user, secret=secret, tls=spec.tls, name=spec.name
    )


def team_search(specs: Sequence[TeamLibrarySpec], spaces: Sequence[Space]):
    """A TeamSearch over the enabled team libraries, or None when there are none."""
    from desktop_search.team.federation import TeamSearch
    from desktop_search.team.reader import TeamLibrary

    libraries = []
    for spec in specs:
        if not spec.enabled:
            continue
        try:
            target = target_of(spec)
        except TeamError as exc:
            log.warning("team library %s skipped: %s", spec.name, exc.reason)
            continue
        libraries.append(
            TeamLibrary(spec.name, target, spaces, path_map=PathMap(tuple(spec.path_map)))
        )
    return TeamSearch(libraries) if libraries else None
