"""Embedding models behind one interface; each model is one vector space."""
