"""Add an OpenAI-compatible embedding service as a vector space, with the privacy cost shown.

A remote service receives the text of every document and every search, so the dialog
says where the text goes while the address is typed (a server on this computer, such
as Ollama, is not the same as a company's cloud). The API key never goes into the
settings file: the space names an environment variable, or the key is kept in the
system keyring under the service's address (``embed.secrets``). "Test connection"
sends one short word, on a background thread, only when asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_search.embed import secrets
from desktop_search.gui import theme
from desktop_search.gui.models.spaces_model import REMOTE, host_of, runs_where
from desktop_search.gui.tasks import TaskRunner
from desktop_search.settings import SpaceSpec

KEY_NONE, KEY_ENV, KEY_KEYRING = "none", "env", "keyring"
DEFAULT_ENV_VAR = "OPENAI_API_KEY"
LANGUAGE_CHOICES: tuple[tuple[str, ...], ...] = (("zh", "en"), ("zh",), ("en",))
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class ProbeResult:
    dim: int


def probe(spec: SpaceSpec, key: str | None) -> ProbeResult:
    """Embed one word with the service ``spec`` describes (runs on a worker thread)."""
    from desktop_search.embed.openai_compatible import OpenAICompatibleEmbedder

    embedder = OpenAICompatibleEmbedder(
        spec.base_url,
        spec.model,
        dimensions=spec.dimensions,
        api_key=key,
        api_key_env=spec.api_key_env,
        retries=0,
        timeout_s=15.0,
        connect_timeout_s=5.0,
    )
    try:
        vectors = embedder.encode_queries(["test"])
    finally:
        embedder.close()
    return ProbeResult(int(vectors.shape[1]))


class RemoteSpaceDialog(QDialog):
    """Address, model, size, languages, name and where the key lives; validated on OK."""

    def __init__(self, taken_names: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteSpaceDialog")
        self.setMinimumWidth(640)
        self._taken = set(taken_names)
        self._name_edited = False
        self._keyring_ok = secrets.keyring_available()
        # Owned by the app, not the dialog: a probe still waiting for the network when the
        # dialog goes away must not make its destruction wait.
        self._runner = TaskRunner(1, QCoreApplication.instance())
        self._probe_id = 0
        self._message_is_problem = False

        self.intro = QLabel(objectName="remoteIntro")
        self.intro.setWordWrap(True)
        self.url = QLineEdit(objectName="remoteUrl")
        self.url.setPlaceholderText("https://api.openai.com/v1")
        self.url_hint = QLabel(objectName="remoteUrlHint")
        self.model = QLineEdit(objectName="remoteModel")
        self.model.setPlaceholderText("text-embedding-3-small")
        self.dimensions = QSpinBox(objectName="remoteDimensions")
        self.dimensions.setRange(0, 16384)
        self.dimensions.setSingleStep(64)
        self.languages = QComboBox(objectName="remoteLanguages")
        self.name = QLineEdit(objectName="remoteName")
        self.where = QLabel(objectName="remoteWhere")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)

        address = QVBoxLayout()
        address.setSpacing(3)
        address.addWidget(self.url)
        address.addWidget(self.url_hint)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        self.form.addRow("", address)
        self.form.addRow("", self.model)
        self.form.addRow("", self.dimensions)
        self.form.addRow("", self.languages)
        self.form.addRow("", self.name)

        self.key_box = QGroupBox(objectName="remoteKeyBox")
        self.key_none = QRadioButton(objectName="keyNone")
        self.key_env = QRadioButton(objectName="keyEnv")
        self.key_keyring = QRadioButton(objectName="keyKeyring")
        self.key_group = QButtonGroup(self)
        for button in (self.key_none, self.key_env, self.key_keyring):
            self.key_group.addButton(button)
        self.env_name = QLineEdit(DEFAULT_ENV_VAR, objectName="keyEnvName")
        self.key_text = QLineEdit(objectName="keyText")
        self.key_text.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_note = QLabel(objectName="keyNote")
        self.key_note.setWordWrap(True)
        grid = QGridLayout(self.key_box)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.key_none, 0, 0, 1, 2)
        grid.addWidget(self.key_env, 1, 0)
        grid.addWidget(self.env_name, 1, 1)
        grid.addWidget(self.key_keyring, 2, 0)
        grid.addWidget(self.key_text, 2, 1)
        grid.addWidget(self.key_note, 3, 0, 1, 2)
        self.key_keyring.setEnabled(self._keyring_ok)
        self.key_env.setChecked(True)

        self.test_button = QPushButton(objectName="remoteTest")
        # What the test found, or what to fix before OK: one place, always the same size,
        # so the dialog never jumps while the person types.
        self.message = QLabel(objectName="remoteMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        test_row = QHBoxLayout()
        test_row.setSpacing(12)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.message, 1)
        lines = 2 * self.fontMetrics().lineSpacing() + 4
        self.where.setMinimumHeight(lines)
        self.message.setMinimumHeight(lines)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.where)
        layout.addWidget(self.key_box)
        layout.addLayout(test_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.url.textChanged.connect(self._update)
        self.model.textChanged.connect(self._model_changed)
        self.name.textEdited.connect(lambda _t: setattr(self, "_name_edited", True))
        self.key_group.buttonToggled.connect(lambda *_: self._update())
        self.test_button.clicked.connect(self.test_connection)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add an embedding service"))
        self.intro.setText(
            self.tr(
                "Use a service that speaks the OpenAI embeddings API: OpenAI, Mistral, Jina, "
                "or a server on this computer such as Ollama, LM Studio or llama.cpp. It makes "
                "a new vector space; the built-in models keep working."
            )
        )
        self.url_hint.setText(
            self.tr("For example https://api.openai.com/v1 · Ollama: http://localhost:11434/v1")
        )
        labels = (
            self.tr("Service address:"),
            self.tr("Model:"),
            self.tr("Vector size:"),
            self.tr("Languages:"),
            self.tr("Name:"),
        )
        for row, text in enumerate(labels):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setText(text)
            else:
                self.form.setWidget(row, QFormLayout.ItemRole.LabelRole, QLabel(text))
        self.dimensions.setSpecialValueText(self.tr("Model default"))
        self.dimensions.setToolTip(
            self.tr("Ask for shorter vectors (text-embedding-3 models support this)")
        )
        current = self.languages.currentIndex()
        self.languages.clear()
        self.languages.addItems(
            [self.tr("Chinese and English"), self.tr("Chinese only"), self.tr("English only")]
        )
        self.languages.setCurrentIndex(max(0, current))
        self.name.setPlaceholderText(self.tr("A short name for this space"))
        self.key_box.setTitle(self.tr("API key"))
        self.key_none.setText(self.tr("No key (servers on this computer usually need none)"))
        self.key_env.setText(self.tr("From the environment variable"))
        self.key_keyring.setText(self.tr("Keep it in the system keyring"))
        self.key_text.setPlaceholderText(self.tr("Paste the key"))
        self.test_button.setText(self.tr("Test connection"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        self._update()

    # -- reading the form -----------------------------------------------------------
    def key_mode(self) -> str:
        if self.key_keyring.isChecked():
            return KEY_KEYRING
        if self.key_env.isChecked():
            return KEY_ENV
        return KEY_NONE

    def spec(self) -> SpaceSpec:
        """The space the form describes (not validated; see :meth:`problem`)."""
        model = self.model.text().strip()
        name = self.name.text().strip() or _default_name(model)
        return SpaceSpec(
            name=name,
            model=model,
            languages=LANGUAGE_CHOICES[max(0, self.languages.currentIndex())],
            provider="openai-compatible",
            base_url=self._url(),
            dimensions=self.dimensions.value() or None,
            api_key_env=self.env_name.text().strip() if self.key_mode() == KEY_ENV else "",
        )

    def keyring_key(self) -> str:
        """The key to keep in the keyring ("" unless that option is chosen)."""
        return self.key_text.text().strip() if self.key_mode() == KEY_KEYRING else ""

    def account(self) -> str:
        """The keyring entry's name: the service address as the embedder spells it."""
        return self._url()

    def _url(self) -> str:
        """The address as typed, with a scheme added if missing and tidied when valid."""
        from desktop_search.embed.openai_compatible import (
            EmbeddingServiceError,
            normalise_base_url,
        )

        url = self.url.text().strip()
        if url and "://" not in url:
            url = ("http://" if _looks_local(url) else "https://") + url
        try:
            return normalise_base_url(url)
        except EmbeddingServiceError:
            return url

    def problem(self, *, check_name: bool = True) -> str:
        """What must be fixed before the space can be added, in plain words ("" if nothing)."""
        from desktop_search.embed.openai_compatible import (
            EmbeddingServiceError,
            normalise_base_url,
        )

        if not self.url.text().strip():
            return self.tr("Enter the service address.")
        try:
            normalise_base_url(self._url())
        except EmbeddingServiceError:
            return self.tr("The service address must start with http:// or https://.")
        spec = self.spec()
        if not spec.model:
            return self.tr("Enter the name of the model the service should use.")
        if check_name and spec.name in self._taken:
            return self.tr("A space named “%1” exists already; choose another name.").replace(
                "%1", spec.name
            )
        if self.key_mode() == KEY_ENV and not _ENV_NAME.fullmatch(spec.api_key_env):
            return self.tr("Enter the name of the environment variable that holds the key.")
        if self.key_mode() == KEY_KEYRING and not self.keyring_key():
            return self.tr("Paste the API key, or choose another option.")
        return ""

    # -- reacting -------------------------------------------------------------------
    def _model_changed(self, text: str) -> None:
        if not self._name_edited:
            self.name.setText(_default_name(text.strip()) if text.strip() else "")
        self._update()

    def _update(self) -> None:
        mode = self.key_mode()
        self.env_name.setEnabled(mode == KEY_ENV)
        self.key_text.setEnabled(mode == KEY_KEYRING)
        if self._keyring_ok:
            self.key_note.setText(self.tr("The key is never written to the settings file."))
        else:
            self.key_note.setText(
                self.tr(
                    "The key is never written to the settings file. This computer has no "
                    "password store the app can use, so give the key in an environment "
                    "variable."
                )
            )
        self._show_where()
        if self._message_is_problem:
            self._say("")

    def _show_where(self) -> None:
        url = self._url()
        palette = self.palette()
        self.url_hint.setStyleSheet(f"color: {theme.dim_text(palette).name()};")
        if not url:
            self.where.setText("")
            return
        spec = SpaceSpec(name="", model="", provider="openai-compatible", base_url=url)
        if runs_where(spec) == REMOTE:
            self.where.setText(
                self.tr(
                    "The text of your documents and of your searches will be sent to %1. "
                    "Whoever runs that service can read it."
                ).replace("%1", host_of(url))
            )
            self.where.setStyleSheet(f"color: {theme.warning_color(palette).name()};")
        else:
            self.where.setText(
                self.tr("This service runs on this computer: your text does not leave it.")
            )
            self.where.setStyleSheet(f"color: {theme.dim_text(palette).name()};")

    def test_connection(self) -> None:
        """Send one word to the service on a background thread; show what came back."""
        problem = self.problem(check_name=False)
        if problem:
            self._show_error(problem)
            return
        spec = self.spec()
        key = self.keyring_key() or None
        self._probe_id += 1
        probe_id = self._probe_id
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting…"))
        self._runner.run(
            lambda: probe(spec, key), lambda result, error: self._probed(probe_id, result, error)
        )

    def _probed(self, probe_id: int, result: ProbeResult | None, error: object) -> None:
        if probe_id != self._probe_id:
            return
        self.test_button.setEnabled(True)
        if error is None and result is not None:
            self._say(
                self.tr("It works: the model answers with %1-dimensional vectors.").replace(
                    "%1", str(result.dim)
                )
            )
        else:
            reason = getattr(error, "reason", None) or str(error)
            self._say(self.tr("It does not work yet: %1").replace("%1", reason), warn=True)

    def _say(self, text: str, *, warn: bool = False, problem: bool = False) -> None:
        self._message_is_problem = problem
        self.message.setText(text)
        color = theme.warning_color(self.palette()).name() if warn else ""
        self.message.setStyleSheet(f"color: {color};" if color else "")

    def _show_error(self, text: str) -> None:
        self._say(text, warn=True, problem=True)

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self._show_error(problem)
            return
        super().accept()

    def done(self, result: int) -> None:
        self._runner.close(0)  # a probe still running is not waited for
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _default_name(model: str) -> str:
    from desktop_search.embed.presets import space_name_for

    return space_name_for(model) if model else ""


def _looks_local(address: str) -> bool:
    host = address.split("/", 1)[0].split(":", 1)[0].lower()
    return host in ("localhost", "127.0.0.1", "[::1]") or host.endswith(".localhost")
