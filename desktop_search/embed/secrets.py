"""Where the API key of a remote embedding service comes from: never the settings file.

The settings file is plain JSON that people open, copy, back up and sync, so a key
written there would leak. A space only *names* where its key lives: an environment
variable (the usual way for OpenAI-style tools, e.g. ``OPENAI_API_KEY``) or, when the
optional ``keyring`` package is installed, the operating system's password store
(macOS Keychain, Windows Credential Manager, Secret Service on Linux) under the
service's base URL. A machine with neither simply sends no key, which is what local
servers such as Ollama or llama.cpp expect.
"""

from __future__ import annotations

import logging
import os
from types import ModuleType

log = logging.getLogger(__name__)

KEYRING_SERVICE = "desktop-search"


class SecretStoreUnavailable(Exception):
    """The OS keyring cannot be used here; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _keyring() -> ModuleType | None:
    """The ``keyring`` module, or None when it is not installed."""
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def keyring_available() -> bool:
    """True when a usable OS keyring backend exists (so the settings page can offer it)."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        backend = kr.get_keyring()
    except Exception:  # a broken backend configuration is "not available", not a crash
        return False
    # keyring's "fail" backend (no store on this machine) has priority 0.
    return getattr(backend, "priority", 1) > 0


def api_key(*, env_var: str = "", account: str = "") -> str | None:
    """The key from the environment variable ``env_var``, else the keyring entry ``account``."""
    if env_var:
        value = os.environ.get(env_var, "").strip()
        if value:
            return value
    if not account:
        return None
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(KEYRING_SERVICE, account)
    except Exception as exc:  # locked store, no D-Bus, user cancelled: behave as "no key"
        log.info("could not read the API key for %s from the keyring: %s", account, exc)
        return None
    return (value or "").strip() or None


def save_api_key(account: str, key: str) -> None:
    """Keep ``key`` for ``account`` (a base URL) in the OS keyring."""
    kr = _keyring()
    if kr is None:
        raise SecretStoreUnavailable("the keyring package is not installed")
    try:
        kr.set_password(KEYRING_SERVICE, account, key.strip())
    except Exception as exc:
        raise SecretStoreUnavailable(f"the system keyring refused the key ({exc})") from exc


def forget_api_key(account: str) -> None:
    """Remove the key kept for ``account``; nothing happens when there is none."""
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(KEYRING_SERVICE, account)
    except Exception as exc:  # PasswordDeleteError when absent; anything else is logged
        log.info("no API key removed for %s: %s", account, exc)
