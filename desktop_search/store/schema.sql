-- The catalog is the source of truth. Everything else (FAISS files) is rebuilt from it.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Extracted text, shared by every file with the same bytes (copies, moved files).
CREATE TABLE IF NOT EXISTS contents (
    id        INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL UNIQUE,
    text      TEXT NOT NULL,
    title     TEXT,
    language  TEXT NOT NULL,
    pages     INTEGER,
    text_hash TEXT                         -- hash of the normalised text: one result per text
);

CREATE TABLE IF NOT EXISTS files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    root        TEXT NOT NULL,             -- the watched folder it was found under
    name        TEXT NOT NULL,             -- file name, for name search and display
    suffix      TEXT NOT NULL,             -- lower-case extension without the dot
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER NOT NULL,
    hash        TEXT,                      -- content hash of the bytes last read
    content_id  INTEGER REFERENCES contents(id),
    status      TEXT NOT NULL,             -- pending | indexed | failed | skipped
    error       TEXT,                      -- plain reason when failed/skipped
    indexed_at  REAL
);
CREATE INDEX IF NOT EXISTS files_content ON files(content_id);
CREATE INDEX IF NOT EXISTS files_status ON files(status);
CREATE INDEX IF NOT EXISTS files_root ON files(root);

CREATE TABLE IF NOT EXISTS chunks (
    id          INTEGER PRIMARY KEY,
    content_id  INTEGER NOT NULL REFERENCES contents(id),
    ord         INTEGER NOT NULL,
    start       INTEGER NOT NULL,          -- character offsets into contents.text
    end         INTEGER NOT NULL,
    page        INTEGER,
    location    TEXT,
    language    TEXT NOT NULL,
    nav         INTEGER NOT NULL DEFAULT 0 -- 1: table of contents, index page (text/navigation.py)
);
CREATE INDEX IF NOT EXISTS chunks_content ON chunks(content_id);
-- A document's language without reading past its text (search asks for hundreds a query).
CREATE INDEX IF NOT EXISTS contents_language ON contents(id, language);

-- Keyword index, rowid = chunk id: pre-analysed terms (Chinese characters + bigrams, English
-- stemmed) and the English words as written (exact forms rank above stem-only matches).
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(terms, exact, tokenize = 'unicode61');

-- Each keyword term's chunks and its count in each, one row per column and block of 1,024
-- chunk ids (two or three FTS5 lists a word cost more than scoring them:
-- store/passage_bm25.py); chunks = (chunk id uint32, count uint8) little-endian, one after
-- another.
CREATE TABLE IF NOT EXISTS chunk_postings (term TEXT NOT NULL, col INTEGER NOT NULL,
    block INTEGER NOT NULL, chunks BLOB NOT NULL,
    PRIMARY KEY (term, col, block)) WITHOUT ROWID;

-- One vector space per embedding model.
CREATE TABLE IF NOT EXISTS spaces (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: FAISS files are named by it
    name       TEXT NOT NULL UNIQUE,
    model_id   TEXT NOT NULL,
    dim        INTEGER NOT NULL,
    languages  TEXT NOT NULL,              -- comma-separated, e.g. "en" or "en,zh"
    created_at REAL NOT NULL
);

-- Vectors are kept here (float16) so FAISS can always be rebuilt without re-embedding.
-- A rowid table: WITHOUT ROWID pushed vectors over ~1 kB onto overflow pages (3x the disk).
CREATE TABLE IF NOT EXISTS vectors (
    space_id  INTEGER NOT NULL REFERENCES spaces(id),
    chunk_id  INTEGER NOT NULL,
    vec       BLOB NOT NULL,
    PRIMARY KEY (space_id, chunk_id)
);

-- Every vector add/remove, in order: readers replay it to keep their FAISS copy in step.
CREATE TABLE IF NOT EXISTS vector_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id  INTEGER NOT NULL,
    chunk_id  INTEGER NOT NULL,
    op        TEXT NOT NULL                -- 'add' | 'del'
);
