"""The desktop window: a thin Qt client over the core.

Nothing here indexes or ranks. Searching goes through a read-only ``Library`` on one
background thread (``search_controller``), indexing through the worker process behind
``indexing_client``; every other module turns their results into widgets. The folder
tree says where a thing happens: ``models/`` hold data for views (no painting),
``delegates/`` paint it, and each dialog, bar and pane has its own module.
"""
