"""Is this computer running on its battery? (Indexing can wait for the charger.)

Embedding keeps both cores busy for minutes; on a laptop away from its charger that
drains the battery and spins the fan for work that can wait. ``psutil`` reads the power
state on Linux, Windows and macOS; a desktop without a battery, or a system that does not
say, counts as plugged in, so indexing is never held back by a guess.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def on_battery() -> bool:
    """True only when the system reports a battery that is not on mains power."""
    try:
        import psutil

        battery = psutil.sensors_battery()
    except Exception:  # no sensor support on this platform, or it failed to read
        log.debug("power state unknown", exc_info=True)
        return False
    return battery is not None and battery.power_plugged is False
