"""Language-level text handling shared by indexing and search: language and keyword terms."""
