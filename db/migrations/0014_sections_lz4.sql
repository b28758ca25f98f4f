-- A check's summary and sections are rewritten whole by PostgreSQL on every autosave that changes them
-- (a TOASTed value is compressed again, not patched). lz4 compresses them several times faster than the
-- default pglz. A server without lz4 (as the embedded PGlite is), or older than PostgreSQL 14 (which has
-- no per-column compression), keeps its default.
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 140000 THEN
    EXECUTE 'ALTER TABLE "fact_checks" ALTER COLUMN "summary" SET COMPRESSION lz4, ALTER COLUMN "sections" SET COMPRESSION lz4';
  END IF;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
