"""Retrieval evaluation: BEIR-format data sets and ranking metrics."""
