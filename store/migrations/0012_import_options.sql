-- Schema v12: nothing new, nothing done. An import remembers how it read
-- its file (options: the canonical JSON of pilot, layout, mapping, flags
-- and source; size: the file's bytes), the series the file's rows went to
-- (series: id ranges, "1-40,52"), and the definitions of the pilots it
-- read them for (context: pilot ids and a digest of their slugs, KPI keys
-- and rings). A series records the last import that changed any of its
-- days (changed). The same file read the same way again, while none of its
-- series has changed since, is answered "unchanged" after hashing it,
-- without reading a row (store/unchanged.go). Imports before v12 carry ''
-- and are never matched: their files go the whole way once more.
ALTER TABLE imports ADD COLUMN options TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN size INTEGER NOT NULL DEFAULT -1;
ALTER TABLE imports ADD COLUMN series TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN context TEXT NOT NULL DEFAULT '';
-- What the import's report said besides its counts (the reader's notes,
-- metrics and rings the pilots do not define), repeated when it is matched.
ALTER TABLE imports ADD COLUMN report TEXT NOT NULL DEFAULT '';
ALTER TABLE series ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX imports_by_read ON imports(size, options);
