"""Answer a query: keyword + semantic retrieval, fusion, grouping by document, snippets."""
