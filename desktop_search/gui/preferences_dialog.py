"""Preferences: language, tray and login behaviour, and the embedding models (vector spaces).

Two pages. *General* holds the choices about the app itself. *Embedding* lists the
vector spaces from the settings with where each runs and how far it has got (read
from the catalog in the background and refreshed while the page is open), lets the
person add an OpenAI-compatible service or remove a space, and whenever a space sends
text to a service says so plainly, above everything else on the page.

The dialog only collects choices (``choice()``); the window applies them, since it
owns the settings file, the indexer and the search thread. The one exception is the
API key: it goes straight to the system keyring when OK is pressed, so it never
travels through anything that could write it to the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_search.embed import secrets
from desktop_search.gui import theme, translations
from desktop_search.gui.catalog_reader import CatalogReader
from desktop_search.gui.delegates.progress_delegate import ProgressDelegate
from desktop_search.gui.index_state_model import IndexStateModel
from desktop_search.gui.models.spaces_model import REMOTE, SERVICE_HERE, SpacesModel, runs_where
from desktop_search.gui.remote_space_dialog import RemoteSpaceDialog
from desktop_search.gui.team_libraries_page import TeamLibrariesPage
from desktop_search.indexing.index_state import IndexState
from desktop_search.indexing.library_report import read_space_progress
from desktop_search.settings import SpaceSpec, TeamLibrarySpec

REFRESH_MS = 2000
COMPACT_SIZE = QSize(720, 440)


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the dialog shows and returns."""

    language: str = ""  # "" = the system's
    keep_in_tray: bool = False
    start_at_login: bool = False
    pause_on_battery: bool = True
    spaces: tuple[SpaceSpec, ...] = ()
    team_libraries: tuple[TeamLibrarySpec, ...] = ()


class PreferencesDialog(QDialog):
    """General and Embedding pages; ``choice()`` after OK says what to apply."""

    def __init__(
        self,
        current: Preferences,
        *,
        reader: CatalogReader | None = None,
        index_state: IndexStateModel | None = None,
        tray_available: bool = False,
        autostart_supported: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        # As large as its contents need: a 940x620 dialog was mostly empty space.
        self.resize(COMPACT_SIZE)
        self.current = current
        self.reader = reader
        self._tray_available = tray_available
        self._new_keys: dict[str, str] = {}  # keyring account -> key, kept on OK
        self._added: set[str] = set()

        self.tabs = QTabWidget(objectName="preferencesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_general(autostart_supported), "")
        self.tabs.addTab(self._build_embedding(), "")
        self.team_page = TeamLibrariesPage(current.team_libraries)
        self.tabs.addTab(self.team_page, "")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self._refresh_timer = QTimer(self, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_progress)
        self.retranslate()
        self._spaces_changed()
        self.refresh_progress()
        if index_state is not None:
            # The window's one account of indexing: the same numbers as the status bar.
            index_state.changed.connect(self._on_index_state)
            self._on_index_state(index_state.state)

    # -- building -------------------------------------------------------------------
    def _build_general(self, autostart_supported: bool) -> QWidget:
        page = QWidget(objectName="generalPage")
        self.language = QComboBox(objectName="prefLanguage")
        for code in ("", *translations.LANGUAGES):
            self.language.addItem("", code)
        index = self.language.findData(self.current.language)
        self.language.setCurrentIndex(max(0, index))

        self.keep_in_tray = QCheckBox(objectName="prefKeepInTray")
        self.keep_in_tray.setChecked(self.current.keep_in_tray and self._tray_available)
        self.keep_in_tray.setEnabled(self._tray_available)
        self.keep_in_tray_note = _note("prefKeepInTrayNote")
        self.start_at_login = QCheckBox(objectName="prefStartAtLogin")
        self.start_at_login.setChecked(self.current.start_at_login)
        self.start_at_login.setEnabled(autostart_supported)
        self.start_at_login_note = _note("prefStartAtLoginNote")
        self.pause_on_battery = QCheckBox(objectName="prefPauseOnBattery")
        self.pause_on_battery.setChecked(self.current.pause_on_battery)
        self.pause_on_battery_note = _note("prefPauseOnBatteryNote")

        self.language_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.language_label, self.language)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(14)
        layout.addWidget(self.keep_in_tray)
        layout.addWidget(self.keep_in_tray_note)
        layout.addSpacing(10)
        layout.addWidget(self.start_at_login)
        layout.addWidget(self.start_at_login_note)
        layout.addSpacing(10)
        layout.addWidget(self.pause_on_battery)
        layout.addWidget(self.pause_on_battery_note)
        layout.addStretch(1)
        return page

    def _build_embedding(self) -> QWidget:
        page = QWidget(objectName="embeddingPage")
        self.embedding_intro = QLabel(objectName="embeddingIntro")
        self.embedding_intro.setWordWrap(True)

        self.privacy = QFrame(objectName="privacyWarning")
        self.privacy.setFrameShape(QFrame.Shape.StyledPanel)
        self.privacy_icon = QLabel()
        self.privacy_text = QLabel(objectName="privacyText")
        self.privacy_text.setWordWrap(True)
        self.privacy_text.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self.privacy)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(12)
        row.addWidget(self.privacy_icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.privacy_text, 1)

        self.local_service_note = _note("localServiceNote")

        self.spaces = SpacesModel(self)
        self.spaces.set_spaces(self.current.spaces)
        self.table = QTableView(objectName="spacesTable")
        self.table.setModel(self.spaces)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(ProgressDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 20)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(SpacesModel.MODEL, QHeaderView.ResizeMode.Stretch)
        for col in (SpacesModel.NAME, SpacesModel.WHERE, SpacesModel.LANGUAGES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SpacesModel.PROGRESS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.spaces.modelReset.connect(self._update_buttons)

        self.add_button = QPushButton(objectName="addSpace")
        self.remove_button = QPushButton(objectName="removeSpace")
        self.add_button.clicked.connect(self.add_remote_space)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.apply_note = _note("spacesApplyNote")

        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.embedding_intro)
        layout.addWidget(self.privacy)
        layout.addWidget(self.local_service_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.apply_note)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Embedding models"))
        self.tabs.setTabText(2, self.tr("Team libraries"))
        self.language_label.setText(self.tr("Interface language:"))
        self.language.setItemText(0, self.tr("System default"))
        for i, name in enumerate(translations.LANGUAGES.values(), 1):
            self.language.setItemText(i, name)
        self.keep_in_tray.setText(
            self.tr("Keep running in the notification area when I close the window")
        )
        if self._tray_available:
            self.keep_in_tray_note.setText(
                self.tr(
                    "Indexing carries on and search is one click away. Quit from the icon's "
                    "menu. When this is off, closing the window quits the app."
                )
            )
        else:
            self.keep_in_tray_note.setText(
                self.tr("Not available: this desktop has no notification area.")
            )
        self.start_at_login.setText(self.tr("Start Desktop Search when I log in"))
        self.start_at_login_note.setText(
            self.tr(
                "It starts without opening its window and keeps the index up to date, so "
                "new and changed documents are searchable at once."
            )
        )
        self.pause_on_battery.setText(self.tr("Pause indexing while on battery power"))
        self.pause_on_battery_note.setText(
            self.tr(
                "Reading and learning new documents keeps the processor busy; on a laptop it "
                "waits until you plug in. Searching works all the time."
            )
        )
        self.embedding_intro.setText(
            self.tr(
                "Embedding models let you find documents by meaning. Each model makes its own "
                "vector space, and every search asks all of them together with the keywords. "
                "The built-in models run on this computer."
            )
        )
        self.privacy_text.setText(privacy_warning())
        self.local_service_note.setText(
            self.tr(
                "An embedding service on this computer receives your text; it does not leave "
                "this computer."
            )
        )
        self.add_button.setText(self.tr("Add embedding service…"))
        self.remove_button.setText(self.tr("Remove"))
        self.apply_note.setText(
            self.tr(
                "Changes apply when you press OK: the indexer restarts with the new models and "
                "builds new spaces in the background. Keyword search keeps working meanwhile."
            )
        )
        self.spaces.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._update_buttons()
        self._style()

    def _style(self) -> None:
        palette = self.palette()
        warn = theme.warning_color(palette)
        base = palette.color(palette.ColorRole.Window)
        fill = theme.mix(base, warn, 0.12).name()
        edge = theme.mix(base, warn, 0.55).name()
        self.privacy.setStyleSheet(
            f"QFrame#privacyWarning {{ background: {fill}; border: 1px solid {edge}; "
            "border-radius: 6px; }"
        )
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.privacy_icon.setPixmap(icon.pixmap(32, 32))
        dim = theme.dim_text(palette).name()
        checkbox_notes = (
            self.keep_in_tray_note,
            self.start_at_login_note,
            self.pause_on_battery_note,
        )
        for label in (*checkbox_notes, self.apply_note, self.local_service_note):
            label.setStyleSheet(f"color: {dim};")
        indent = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 8
        for label in checkbox_notes:
            label.setContentsMargins(indent, 0, 0, 0)

    # -- progress -------------------------------------------------------------------
    def refresh_progress(self) -> None:
        """Re-read each space's progress from the catalog (in the background)."""
        if self.reader is not None:
            self.reader.read(read_space_progress, self._on_progress, default={})

    def _on_progress(self, progress: dict | None, error: object) -> None:
        if error is None and progress is not None:
            self.spaces.set_progress(progress)

    def _on_index_state(self, state: IndexState) -> None:
        """Newer passage counts from the window's IndexState replace the catalog's."""
        if not state.spaces or not self.spaces.progress_known:
            return
        merged = {}
        for spec in self.spaces.spaces():
            known = self.spaces.progress(spec.name)
            if known is not None:
                merged[spec.name] = known
        for count in state.spaces:
            known = merged.get(count.name)
            if known is not None:
                merged[count.name] = replace(known, embedded=count.embedded, total=count.total)
        self.spaces.set_progress(merged)

    def showEvent(self, event) -> None:
        self._refresh_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._refresh_timer.stop()
        super().hideEvent(event)

    # -- spaces ---------------------------------------------------------------------
    def selected_space(self) -> SpaceSpec | None:
        index = self.table.currentIndex()
        return self.spaces.spec(index.row()) if index.isValid() else None

    def add_remote_space(self) -> None:
        """Ask for a service; the new space is listed now and saved on OK."""
        dialog = RemoteSpaceDialog({s.name for s in self.spaces.spaces()}, self)
        self._remote_dialog = dialog  # for tests
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        spec = dialog.spec()
        key = dialog.keyring_key()
        if key:
            self._new_keys[dialog.account()] = key
        self.add_space(spec)

    def add_space(self, spec: SpaceSpec) -> None:
        self._added.add(spec.name)
        self.spaces.set_spaces((*self.spaces.spaces(), spec), unsaved=self._added)
        self.table.selectionModel().setCurrentIndex(
            self.spaces.index(self.spaces.rowCount() - 1, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._spaces_changed()

    def remove_selected(self) -> None:
        spec = self.selected_space()
        if spec is None or self.spaces.rowCount() <= 1:
            return
        if spec.name not in self._added:
            answer = QMessageBox.question(
                self,
                self.tr("Remove embedding model"),
                self.tr(
                    "Stop using “%1”?\n\nIts vectors are deleted when you press OK. Search by "
                    "meaning goes on with the other models; adding it again later means "
                    "embedding every document again."
                ).replace("%1", spec.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove_space(spec.name)

    def remove_space(self, name: str) -> None:
        self._added.discard(name)
        remaining = tuple(s for s in self.spaces.spaces() if s.name != name)
        self.spaces.set_spaces(remaining, unsaved=self._added)
        self._spaces_changed()

    def _spaces_changed(self) -> None:
        where = {runs_where(s) for s in self.spaces.spaces()}
        self.privacy.setVisible(REMOTE in where)
        self.local_service_note.setVisible(SERVICE_HERE in where and REMOTE not in where)
        self._update_buttons()

    def _update_buttons(self) -> None:
        many = self.spaces.rowCount() > 1
        self.remove_button.setEnabled(many and self.selected_space() is not None)
        self.remove_button.setToolTip(
            "" if many else self.tr("At least one model is needed to search by meaning")
        )

    # -- result ---------------------------------------------------------------------
    def choice(self) -> Preferences:
        """What the person chose."""
        return Preferences(
            language=self.language.currentData() or "",
            keep_in_tray=self.keep_in_tray.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
            pause_on_battery=self.pause_on_battery.isChecked(),
            spaces=self.spaces.spaces(),
            team_libraries=self.team_page.libraries(),
        )

    def removed_spaces(self) -> tuple[str, ...]:
        """Names of saved spaces the person removed."""
        kept = {s.name for s in self.spaces.spaces()}
        return tuple(s.name for s in self.current.spaces if s.name not in kept)

    def accept(self) -> None:
        if not self._store_keys():
            return
        try:
            self.team_page.store_secrets()
        except secrets.SecretStoreUnavailable as exc:
            QMessageBox.warning(
                self,
                self.tr("Password not saved"),
                self.tr("The team library password could not be kept in the keyring: %1").replace(
                    "%1", exc.reason
                ),
            )
            return
        super().accept()

    def _store_keys(self) -> bool:
        """Keep new API keys in the keyring; forget those of removed services."""
        kept = self.spaces.spaces()
        for account, key in self._new_keys.items():
            if not any(_account(s) == account for s in kept):
                continue  # its space was removed again before OK
            try:
                secrets.save_api_key(account, key)
            except secrets.SecretStoreUnavailable as exc:
                QMessageBox.warning(
                    self,
                    self.tr("API key not saved"),
                    self.tr(
                        "The key for %1 could not be kept in the system keyring: %2\n\n"
                        "Use an environment variable for it instead."
                    )
                    .replace("%1", account)
                    .replace("%2", exc.reason),
                )
                return False
        in_use = {_account(s) for s in kept}
        for spec in self.current.spaces:
            account = _account(spec)
            if account and spec.name in self.removed_spaces() and account not in in_use:
                secrets.forget_api_key(account)
        return True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._style()
        super().changeEvent(event)


def privacy_warning() -> str:
    """``PRIVACY_WARNING`` in the interface language (the core's text if it has changed)."""
    from PySide6.QtCore import QCoreApplication

    from desktop_search.embed.openai_compatible import PRIVACY_WARNING

    if PRIVACY_WARNING != _PRIVACY_SOURCE:
        return PRIVACY_WARNING  # reworded in the core: show the new text, untranslated
    return QCoreApplication.translate("PreferencesDialog", _PRIVACY_SOURCE)


# The text the translation is keyed by (lupdate finds it through QT_TRANSLATE_NOOP).
_PRIVACY_SOURCE = QT_TRANSLATE_NOOP(
    "PreferencesDialog",
    "With a remote embedding service, the text of your documents and of your searches is "
    "sent to that service to be turned into vectors: it leaves this computer, and whoever "
    "runs the service can read it. Keep the local model for documents that must stay private.",
)


def _account(spec: SpaceSpec) -> str:
    """The keyring entry a remote space without a key variable reads ("" otherwise)."""
    if spec.provider != "openai-compatible" or spec.api_key_env:
        return ""
    from desktop_search.embed.openai_compatible import EmbeddingServiceError, normalise_base_url

    try:
        return normalise_base_url(spec.base_url)
    except EmbeddingServiceError:
        return ""


def _note(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    return label
