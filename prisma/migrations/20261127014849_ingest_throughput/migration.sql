-- DropForeignKey
ALTER TABLE "prediction_event" DROP CONSTRAINT "prediction_event_teamId_fkey";

-- DropForeignKey
ALTER TABLE "prediction_event_key" DROP CONSTRAINT "prediction_event_key_teamId_fkey";
-- Hand-written (Prisma cannot declare triggers, and `db:check` does not compare them). The two
-- foreign keys above checked every ingested row against team: one trigger call per row and table,
-- about a quarter of the ingestion statement's time. Their two duties are kept another way.
--   A row must not outlive its team: ingestPredictionEvents (packages/db/src/events/ingest-events.ts)
--   inserts only while it holds the team row FOR KEY SHARE, once per batch, so a concurrent team
--   deletion waits for the batch to commit, then deletes it.
--   Deleting a team deletes its events and dedupe keys (was ON DELETE CASCADE), and changing a
--   team's id carries them along (was ON UPDATE CASCADE): the trigger below.
-- The function body is a U& literal with each semicolon written as \003B, because the engine's
-- shadow replay (adapter-pg executeScript, used by `db:check`) splits scripts at every semicolon
-- and knows nothing of quoting. The body reads, with \003B as a semicolon:
--   IF TG_OP = 'DELETE' THEN
--     DELETE FROM prediction_event WHERE "teamId" = OLD.id, likewise prediction_event_key
--     RETURN OLD
--   END IF
--   UPDATE prediction_event SET "teamId" = NEW.id WHERE "teamId" = OLD.id, likewise the keys
--   RETURN NEW
CREATE FUNCTION "prediction_event_team_cascade"() RETURNS trigger LANGUAGE plpgsql AS U&'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    DELETE FROM "prediction_event" WHERE "teamId" = OLD."id"\003B
    DELETE FROM "prediction_event_key" WHERE "teamId" = OLD."id"\003B
    RETURN OLD\003B
  END IF\003B
  UPDATE "prediction_event" SET "teamId" = NEW."id" WHERE "teamId" = OLD."id"\003B
  UPDATE "prediction_event_key" SET "teamId" = NEW."id" WHERE "teamId" = OLD."id"\003B
  RETURN NEW\003B
END
';

CREATE TRIGGER "team_prediction_event_delete" AFTER DELETE ON "team"
  FOR EACH ROW EXECUTE FUNCTION "prediction_event_team_cascade"();

CREATE TRIGGER "team_prediction_event_update" AFTER UPDATE OF "id" ON "team"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "prediction_event_team_cascade"();
