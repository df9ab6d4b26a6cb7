"""The power state: only a battery that says it is unplugged counts as "on battery"."""

from __future__ import annotations

from collections import namedtuple

import psutil
import pytest

from desktop_search.indexing import power

Battery = namedtuple("Battery", "percent secsleft power_plugged")


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (Battery(57, 3600, False), True),  # laptop, unplugged
        (Battery(57, psutil.POWER_TIME_UNLIMITED, True), False),  # laptop, charging
        (Battery(57, 3600, None), False),  # the system cannot tell: do not hold indexing back
        (None, False),  # a desktop without a battery
    ],
)
def test_on_battery_reads_the_power_source(monkeypatch, reading, expected) -> None:
    monkeypatch.setattr(psutil, "sensors_battery", lambda: reading)
    assert power.on_battery() is expected


def test_a_failing_sensor_counts_as_plugged_in(monkeypatch) -> None:
    def broken():
        raise OSError("no ACPI")

    monkeypatch.setattr(psutil, "sensors_battery", broken)
    assert power.on_battery() is False
