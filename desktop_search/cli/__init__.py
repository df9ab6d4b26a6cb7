"""The command-line front end: index, search, status, forget, check, eval."""
