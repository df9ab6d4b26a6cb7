"""Pause indexing while the computer runs on its battery; go on when it is plugged in.

Only a pause made here is undone here: a person who paused indexing themselves is not
overruled by plugging in, and one who presses Resume while on battery is not paused again
until the charger is next unplugged. The power state is polled (a few reads a minute cost
nothing; there is no portable notification for it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_search.indexing import power

CHECK_MS = 20_000


class BatteryPause(QObject):
    """Calls ``pause``/``resume`` as the power source changes, when enabled."""

    changed = Signal(bool)  # True while indexing is paused because of the battery

    def __init__(
        self,
        pause: Callable[[], None],
        resume: Callable[[], None],
        is_paused: Callable[[], bool],
        *,
        enabled: bool,
        on_battery: Callable[[], bool] | None = None,
        interval_ms: int = CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pause, self._resume, self._is_paused = pause, resume, is_paused
        self._on_battery = on_battery or power.on_battery
        self.enabled = enabled
        self.active = False  # the current pause is ours
        self._was_on_battery = False
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Look now, then every few seconds."""
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._was_on_battery = False  # judge the current state afresh
        self.check()

    def check(self) -> None:
        battery = self._on_battery()
        if self.enabled and battery and not self._was_on_battery and not self._is_paused():
            self._pause()
            self._set_active(True)
        elif self.active and (not battery or not self.enabled):
            self._set_active(False)
            self._resume()
        self._was_on_battery = battery

    def person_resumed(self) -> None:
        """The person pressed Resume: their choice stands until the next unplugging."""
        self._set_active(False)

    def _set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.changed.emit(active)
