"""Item delegates: painting only; the data comes from ``gui.models``."""
