"""Find the files under the chosen folders and tell what changed since the catalog saw them."""
