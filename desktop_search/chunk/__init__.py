"""Cut extracted text into model-sized chunks that remember where they came from."""

from desktop_search.chunk.chunker import Chunk, chunk_segments, chunk_text

__all__ = ["Chunk", "chunk_segments", "chunk_text"]
