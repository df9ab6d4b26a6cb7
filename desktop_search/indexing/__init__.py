"""Run the pipeline: scan -> extract -> chunk -> store keywords -> embed -> save vectors."""
