"""A team library: a Milvus collection written by the same pipeline on a file server.

``target`` says where it is and how to log in, ``schema`` what a row holds, ``writer``
copies a server-side catalog into it, ``reader`` asks it for candidates the way the
local engine asks FAISS and FTS5, and ``merge`` fuses both with the app's own fusion.
pymilvus is imported lazily (only ``target``/``reader``/``writer`` need it), so the
rest of the app runs without the optional ``team`` extra.
"""
