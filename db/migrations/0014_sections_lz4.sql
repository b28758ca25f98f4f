-- A check's summary and sections are rewritten whole by PostgreSQL on every autosave that changes them
-- (a TOASTed value is compressed again, not patched). lz4 compresses them several times faster than the
-- default pglz. A server built without lz4 (as the embedded PGlite is) keeps its default.
DO $$
BEGIN
  ALTER TABLE "fact_checks" ALTER COLUMN "summary" SET COMPRESSION lz4, ALTER COLUMN "sections" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
