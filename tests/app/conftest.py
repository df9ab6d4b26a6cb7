"""The search process answers questions about the same indexed corpus as tests/search."""

from tests.search.conftest import indexed  # noqa: F401 (a fixture)
