"""desktop-search: find things in your own documents by meaning, offline."""

__version__ = "0.1.0"
