-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('requested', 'approved', 'rejected', 'changes_requested', 'withdrawn');

-- CreateTable
CREATE TABLE "review" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT NOT NULL,
    "requestNote" TEXT NOT NULL DEFAULT '',
    "requestReportId" UUID NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decisionComment" TEXT,
    "decisionReportId" UUID,
    "overrideReason" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage_change" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "fromStage" "Stage" NOT NULL,
    "toStage" "Stage" NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "reviewId" UUID,
    "reportId" UUID,
    "overrideReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stage_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_teamId_status_requestedAt_idx" ON "review"("teamId", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "review_modelVersionId_requestedAt_idx" ON "review"("modelVersionId", "requestedAt");

-- CreateIndex
CREATE INDEX "stage_change_modelVersionId_createdAt_idx" ON "stage_change"("modelVersionId", "createdAt");

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "model_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_requestReportId_fkey" FOREIGN KEY ("requestReportId") REFERENCES "readiness_report"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_decisionReportId_fkey" FOREIGN KEY ("decisionReportId") REFERENCES "readiness_report"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "model_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "readiness_report"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (Prisma cannot declare triggers, and `db:check` does not compare them). Function
-- bodies are U& literals with each semicolon written as \003B: the engine's shadow replay used by
-- `db:check` splits scripts at every semicolon (see 20261127014849_ingest_throughput).

-- Four-eyes (DESIGN.md): nobody approves a version they created or last changed, admins included.
-- The service refuses first (packages/db/src/reviews/four-eyes.ts), and this trigger makes the database
-- refuse too, whatever code writes the row. An approval must name its decider, and a decider later set
-- to NULL by a user's deletion is allowed (the audit log keeps who it was). A row is judged when it
-- is written or its decision changes, not again on unrelated updates. With \003B as a semicolon:
--   IF an UPDATE leaves status, decidedById and modelVersionId as they were THEN RETURN NEW
--   IF NEW.status = 'approved' THEN
--     IF NEW."decidedById" IS NULL AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN RAISE …
--     IF the version's createdById or lastChangedById is NEW."decidedById" THEN RAISE …
--   RETURN NEW
CREATE FUNCTION "review_four_eyes"() RETURNS trigger LANGUAGE plpgsql AS U&'
BEGIN
  IF TG_OP = ''UPDATE'' AND NEW."status" IS NOT DISTINCT FROM OLD."status"
     AND NEW."decidedById" IS NOT DISTINCT FROM OLD."decidedById"
     AND NEW."modelVersionId" IS NOT DISTINCT FROM OLD."modelVersionId" THEN
    RETURN NEW\003B
  END IF\003B
  IF NEW."status" = ''approved'' THEN
    IF NEW."decidedById" IS NULL AND (TG_OP = ''INSERT'' OR OLD."status" IS DISTINCT FROM NEW."status") THEN
      RAISE EXCEPTION ''four-eyes: an approval of model version % names no reviewer'', NEW."modelVersionId"
        USING ERRCODE = ''check_violation'', CONSTRAINT = ''review_four_eyes''\003B
    END IF\003B
    IF EXISTS (
      SELECT 1 FROM "model_version" v
      WHERE v."id" = NEW."modelVersionId"
        AND NEW."decidedById" IN (v."createdById", v."lastChangedById")
    ) THEN
      RAISE EXCEPTION ''four-eyes: user % created or last changed model version % and cannot approve it'',
        NEW."decidedById", NEW."modelVersionId"
        USING ERRCODE = ''check_violation'', CONSTRAINT = ''review_four_eyes''\003B
    END IF\003B
  END IF\003B
  RETURN NEW\003B
END
';

CREATE TRIGGER "review_four_eyes" BEFORE INSERT OR UPDATE ON "review"
  FOR EACH ROW EXECUTE FUNCTION "review_four_eyes"();

-- An override (a stage change although the latest report was not `ready`) is an approval too: the
-- version's author cannot give it. Judged when written, or when the override or its actor changes.
-- With \003B as a semicolon:
--   IF an UPDATE leaves overrideReason, actorUserId and modelVersionId as they were THEN RETURN NEW
--   IF NEW."overrideReason" IS NOT NULL AND the actor created or last changed the version THEN RAISE …
--   RETURN NEW
CREATE FUNCTION "stage_change_four_eyes"() RETURNS trigger LANGUAGE plpgsql AS U&'
BEGIN
  IF TG_OP = ''UPDATE'' AND NEW."overrideReason" IS NOT DISTINCT FROM OLD."overrideReason"
     AND NEW."actorUserId" IS NOT DISTINCT FROM OLD."actorUserId"
     AND NEW."modelVersionId" IS NOT DISTINCT FROM OLD."modelVersionId" THEN
    RETURN NEW\003B
  END IF\003B
  IF NEW."overrideReason" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "model_version" v
    WHERE v."id" = NEW."modelVersionId"
      AND NEW."actorUserId" IN (v."createdById", v."lastChangedById")
  ) THEN
    RAISE EXCEPTION ''four-eyes: user % created or last changed model version % and cannot override its readiness'',
      NEW."actorUserId", NEW."modelVersionId"
      USING ERRCODE = ''check_violation'', CONSTRAINT = ''stage_change_four_eyes''\003B
  END IF\003B
  RETURN NEW\003B
END
';

CREATE TRIGGER "stage_change_four_eyes" BEFORE INSERT OR UPDATE ON "stage_change"
  FOR EACH ROW EXECUTE FUNCTION "stage_change_four_eyes"();

-- A version reaches `approved` only through an approval: an approved review of that version whose
-- reviewer neither created nor last changed it. Whatever code sets the stage, the database checks.
-- With \003B as a semicolon:
--   IF NEW.stage = 'approved' AND OLD.stage IS DISTINCT FROM 'approved' AND NOT EXISTS (such a review) THEN RAISE …
--   RETURN NEW
CREATE FUNCTION "model_version_approved_by_review"() RETURNS trigger LANGUAGE plpgsql AS U&'
BEGIN
  IF NEW."stage" = ''approved'' AND (TG_OP = ''INSERT'' OR OLD."stage" IS DISTINCT FROM ''approved'') AND NOT EXISTS (
    SELECT 1 FROM "review" r
    WHERE r."modelVersionId" = NEW."id" AND r."status" = ''approved'' AND r."decidedById" IS NOT NULL
      AND r."decidedById" <> NEW."createdById" AND r."decidedById" <> NEW."lastChangedById"
  ) THEN
    RAISE EXCEPTION ''four-eyes: model version % cannot be approved without an approval by a reviewer who neither created nor last changed it'',
      NEW."id"
      USING ERRCODE = ''check_violation'', CONSTRAINT = ''model_version_approved_by_review''\003B
  END IF\003B
  RETURN NEW\003B
END
';

CREATE TRIGGER "model_version_approved_by_review" BEFORE INSERT OR UPDATE OF "stage" ON "model_version"
  FOR EACH ROW EXECUTE FUNCTION "model_version_approved_by_review"();

-- The audit log is append-only: no row is ever updated, and a row is deleted only by the cascade of
-- its team's deletion (the cascade runs after the team row is gone). TRUNCATE is refused. With
-- \003B as a semicolon:
--   IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM team WHERE id = OLD."teamId") THEN RETURN OLD
--   RAISE …
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS U&'
BEGIN
  IF TG_OP = ''DELETE'' AND NOT EXISTS (SELECT 1 FROM "team" t WHERE t."id" = OLD."teamId") THEN
    RETURN OLD\003B
  END IF\003B
  RAISE EXCEPTION ''audit_event is append-only: % refused'', TG_OP
    USING ERRCODE = ''insufficient_privilege'', CONSTRAINT = ''audit_event_append_only''\003B
END
';

CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
