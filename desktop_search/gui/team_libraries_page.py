"""Preferences -> Team libraries: shared Milvus libraries searched beside the local one.

For each: a name, the server's URI and collection, a user and a password (or a token
alone), TLS (on unless the server is this machine), and where this desktop finds the
server's files (one ``server prefix => local prefix`` per line: a mount point, a UNC
path or an smb:// URL). The password goes to the OS keyring when OK is pressed and is
never put into the settings; the field shows only whether one is kept.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_search.embed import secrets
from desktop_search.settings import TeamLibrarySpec
from desktop_search.team.config import save_secret, secret_account
from desktop_search.team.target import TeamError, parse_target

_ARROW = "=>"


def parse_path_map(text: str) -> tuple[tuple[str, str], ...]:
    """``server => local`` lines -> pairs (blank and malformed lines are skipped)."""
    pairs = []
    for line in text.splitlines():
        server, sep, local = line.partition(_ARROW)
        if sep and server.strip() and local.strip():
            pairs.append((server.strip(), local.strip()))
    return tuple(pairs)


def format_path_map(pairs: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{s} {_ARROW} {loc}" for s, loc in pairs)


class TeamLibrariesPage(QWidget):
    """The list of team libraries and the form of the selected one."""

    #: (which check, what it found, whether the library can be searched): from the thread
    _checked = Signal(int, str, bool)

    def __init__(self, libraries: tuple[TeamLibrarySpec, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teamLibrariesPage")
        self._specs: list[TeamLibrarySpec] = list(libraries)
        self._secrets: dict[int, str] = {}  # row -> password typed in this dialog
        self._row = -1
        self.list = QListWidget(objectName="teamList")
        self.add_button = QPushButton(self.tr("Add"), objectName="teamAdd")
        self.remove_button = QPushButton(self.tr("Remove"), objectName="teamRemove")
        self.name = QLineEdit(objectName="teamName")
        self.uri = QLineEdit(
            objectName="teamUri", placeholderText="https://files.example.org:19530"
        )
        self.collection = QLineEdit(objectName="teamCollection", placeholderText="desktop_search")
        self.user = QLineEdit(objectName="teamUser")
        self.secret = QLineEdit(objectName="teamSecret", echoMode=QLineEdit.EchoMode.Password)
        self.tls = QCheckBox(self.tr("Encrypted connection (TLS)"), objectName="teamTls")
        self.enabled = QCheckBox(self.tr("Search this library"), objectName="teamEnabled")
        self.path_map = QPlainTextEdit(objectName="teamPathMap")
        self.path_map.setPlaceholderText(
            "/srv/share => /mnt/share\n/srv/share => smb://files/share"
        )
        self.note = QLabel(wordWrap=True, objectName="teamNote")
        self.note.setText(
            self.tr(
                "The password or token is kept in the system keyring, never in the settings "
                "file. Team libraries are only read from this computer."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Server URI:"), self.uri)
        form.addRow(self.tr("Collection:"), self.collection)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Password or token:"), self.secret)
        form.addRow("", self.tls)
        form.addRow("", self.enabled)
        form.addRow(self.tr("Where the files are here:"), self.path_map)
        # OK took any address and said nothing; the first search's note was the first word.
        self.check_button = QPushButton(self.tr("Check"), objectName="teamCheck")
        self.check_result = QLabel(wordWrap=True, objectName="teamCheckResult")
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        form.addRow("", check_row)
        self.form = QWidget()
        self.form.setLayout(form)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(self.form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.note)
        self.list.addItems([s.name for s in self._specs])
        self.list.currentRowChanged.connect(self._select)
        self.add_button.clicked.connect(self.add_library)
        self.remove_button.clicked.connect(self.remove_selected)
        self.uri.textEdited.connect(self._uri_edited)
        self.name.textEdited.connect(self._name_edited)
        self.check_button.clicked.connect(self.check_selected)
        self._checked.connect(self._show_check)
        self._check_serial = 0
        if self._specs:
            self.list.setCurrentRow(0)
        self._select(self.list.currentRow())

    # -- editing --------------------------------------------------------------------
    def _auto_tls(self, uri: str) -> bool:
        try:
            return parse_target(uri).use_tls if uri.strip() else True
        except TeamError:
            return True

    def _uri_edited(self, text: str) -> None:
        self.tls.setChecked(self._auto_tls(text))

    def _name_edited(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            item.setText(text)

    def _store_form(self) -> None:
        """The form's values into the spec of the row being edited."""
        i = self._row
        if not 0 <= i < len(self._specs):
            return
        uri = self.uri.text().strip()
        tls = self.tls.isChecked()
        self._specs[i] = replace(
            self._specs[i],
            name=self.name.text().strip() or f"Team {i + 1}",
            uri=uri,
            collection=self.collection.text().strip() or "desktop_search",
            user=self.user.text().strip(),
            tls=None if tls == self._auto_tls(uri) else tls,
            enabled=self.enabled.isChecked(),
            path_map=parse_path_map(self.path_map.toPlainText()),
        )
        if self.secret.text():
            self._secrets[i] = self.secret.text()

    def _select(self, row: int) -> None:
        self._store_form()
        self._row = row
        has = 0 <= row < len(self._specs)
        self.form.setEnabled(has)
        self.remove_button.setEnabled(has)
        spec = self._specs[row] if has else TeamLibrarySpec("", "")
        self.name.setText(spec.name)
        self.uri.setText(spec.uri)
        self.collection.setText(spec.collection if has else "")
        self.user.setText(spec.user)
        self.secret.clear()
        kept = has and bool(secrets.api_key(account=secret_account(spec)))
        self.secret.setPlaceholderText(self.tr("kept in the keyring") if kept else "")
        self.tls.setChecked(spec.tls if spec.tls is not None else self._auto_tls(spec.uri))
        self.enabled.setChecked(spec.enabled)
        self.path_map.setPlainText(format_path_map(spec.path_map))
        self._check_serial += 1  # an answer for another row is not shown here
        self.check_result.clear()

    def check_selected(self) -> None:
        """Try the library as the form describes it, in a thread (a server may take the
        whole timeout to not answer); the result shows beside the button."""
        self._store_form()
        row = self._row
        if not 0 <= row < len(self._specs) or not self._specs[row].uri:
            self.check_result.setText(self.tr("Type the server's URI first."))
            return
        spec = self._specs[row]
        secret = self._secrets.get(row) or secrets.api_key(account=secret_account(spec)) or ""
        try:
            target = parse_target(
                f"{spec.uri}#{spec.collection}",
                user=spec.user,
                secret=secret,
                tls=spec.tls,
                name=spec.name,
                timeout_s=5.0,
            )
        except TeamError as exc:
            self.check_result.setText(exc.reason)
            return
        self._check_serial += 1
        serial = self._check_serial
        self.check_result.setText(self.tr("Checking…"))

        def run() -> None:
            from desktop_search.team.reader import check_library  # pymilvus: when asked

            try:
                self._checked.emit(serial, check_library(target), True)
            except TeamError as exc:
                self._checked.emit(serial, exc.reason, False)
            except Exception as exc:  # a bug: one line, not a traceback
                self._checked.emit(serial, f"the check failed ({type(exc).__name__})", False)

        threading.Thread(target=run, name="team-check", daemon=True).start()

    def _show_check(self, serial: int, text: str, ok: bool) -> None:
        if serial == self._check_serial:  # not an older check's answer
            self.check_result.setText(("✓ " if ok else "⚠ ") + text)

    def add_library(self) -> None:
        self._store_form()
        self._specs.append(TeamLibrarySpec(f"Team {len(self._specs) + 1}", ""))
        self.list.addItem(self._specs[-1].name)
        self.list.setCurrentRow(len(self._specs) - 1)
        self.uri.setFocus()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._specs):
            self._row = -1  # nothing to store from the form of a removed row
            del self._specs[row]
            self._secrets = {
                (i if i < row else i - 1): s for i, s in self._secrets.items() if i != row
            }
            self.list.takeItem(row)
            self._select(self.list.currentRow())

    # -- result ---------------------------------------------------------------------
    def libraries(self) -> tuple[TeamLibrarySpec, ...]:
        """The team libraries as edited (with a URI)."""
        self._store_form()
        return tuple(s for s in self._specs if s.uri)

    def store_secrets(self) -> None:
        """Keep typed passwords in the keyring (SecretStoreUnavailable when there is none)."""
        self._store_form()
        for i, secret in self._secrets.items():
            if 0 <= i < len(self._specs) and self._specs[i].uri:
                save_secret(self._specs[i], secret)
