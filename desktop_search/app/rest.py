"""When the app's background processes let their models go: one idle time for both.

A module of its own so that the search process, which must start fast, need not import
the indexing worker's (psutil, the pipeline's messages) to read one setting.
"""

RELEASE_ENV = "DESKTOP_SEARCH_RELEASE_AFTER_S"  # idle seconds before the models are unloaded
