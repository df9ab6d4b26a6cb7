"""Language-level text handling shared by indexing and search: language, sentences, keyword terms."""
