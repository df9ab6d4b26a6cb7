"""Persistent state: the SQLite catalog (truth), FTS5 keywords, FAISS vectors (cache)."""
