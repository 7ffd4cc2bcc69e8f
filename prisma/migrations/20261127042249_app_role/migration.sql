-- Hand-written: the application's own database role (issue 6). The app (web, worker, seed, the
-- operator CLI) connects as `fieldtest_app`, which owns nothing and is no superuser, and migrations
-- run as the owner (DATABASE_URL). The role may read and write every table except that it cannot
-- UPDATE, DELETE or TRUNCATE audit_event (privileges here, and the append-only trigger besides, and a
-- team's deletion still cascades to its events, since referential actions run as the table owner).
-- Roles are cluster-wide: the role is created once, if this migration's user may create roles.
-- Otherwise the migration fails, saying so, and is applied again after an operator has created
-- the role (see README).
-- Each database gets its own grants. Bodies are U& literals with each semicolon written as \003B
-- (the shadow replay splits scripts at every semicolon).
DO U&'
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''fieldtest_app'') THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
      CREATE ROLE fieldtest_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE\003B
    ELSE
      RAISE EXCEPTION ''role fieldtest_app does not exist and % may not create it: run CREATE ROLE fieldtest_app LOGIN as a superuser, then migrate again'', current_user\003B
    END IF\003B
  END IF\003B
  EXECUTE format(''GRANT CONNECT ON DATABASE %I TO fieldtest_app'', current_database())\003B
  GRANT USAGE ON SCHEMA public TO fieldtest_app\003B
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fieldtest_app\003B
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fieldtest_app\003B
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fieldtest_app\003B
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO fieldtest_app\003B
  REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM fieldtest_app\003B
  IF to_regclass(''_prisma_migrations'') IS NOT NULL THEN
    REVOKE ALL ON _prisma_migrations FROM fieldtest_app\003B
  END IF\003B
END
';

-- Month partitions of prediction_event are created and dropped at run time (ingestion, the
-- sweeper's retention), which needs the parent's owner: these two functions run as their owner
-- (SECURITY DEFINER, search_path pinned with pg_temp last, tables schema-qualified) and take only a
-- name of the form prediction_event_YYYY_MM, and the drop function drops only a partition of
-- prediction_event.
-- With \003B as a semicolon:
--   refuse a name not matching ^prediction_event_[0-9]{4}_[0-9]{2}$
--   EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF prediction_event FOR VALUES FROM (%L) TO (%L)', …)
CREATE FUNCTION "fieldtest_create_event_partition"(p_name text, p_from timestamptz, p_to timestamptz)
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS U&'
BEGIN
  IF p_name !~ ''^prediction_event_[0-9]{4}_[0-9]{2}$'' THEN
    RAISE EXCEPTION ''not an event partition name: %'', p_name\003B
  END IF\003B
  EXECUTE format(''CREATE TABLE IF NOT EXISTS public.%I PARTITION OF public.prediction_event FOR VALUES FROM (%L) TO (%L)'', p_name, p_from, p_to)\003B
END
';

CREATE FUNCTION "fieldtest_drop_event_partition"(p_name text)
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS U&'
BEGIN
  IF p_name !~ ''^prediction_event_[0-9]{4}_[0-9]{2}$'' THEN
    RAISE EXCEPTION ''not an event partition name: %'', p_name\003B
  END IF\003B
  IF to_regclass(format(''public.%I'', p_name)) IS NULL THEN
    RETURN\003B
  END IF\003B
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits i
    WHERE i.inhrelid = to_regclass(format(''public.%I'', p_name))
      AND i.inhparent = ''public.prediction_event''::regclass
  ) THEN
    RAISE EXCEPTION ''not a partition of prediction_event: %'', p_name\003B
  END IF\003B
  EXECUTE format(''DROP TABLE public.%I'', p_name)\003B
END
';

REVOKE ALL ON FUNCTION "fieldtest_create_event_partition"(text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION "fieldtest_drop_event_partition"(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "fieldtest_create_event_partition"(text, timestamptz, timestamptz) TO fieldtest_app;
GRANT EXECUTE ON FUNCTION "fieldtest_drop_event_partition"(text) TO fieldtest_app;
