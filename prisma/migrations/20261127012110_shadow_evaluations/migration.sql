-- CreateEnum
CREATE TYPE "ShadowStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "ShadowRole" AS ENUM ('champion', 'challenger');

-- AlterTable
ALTER TABLE "prediction_event" ADD COLUMN     "error" TEXT,
ADD COLUMN     "inferredById" UUID;

-- CreateTable
CREATE TABLE "shadow_evaluation" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "championVersionId" UUID NOT NULL,
    "benchmarkId" UUID,
    "windowFrom" TIMESTAMPTZ(3),
    "windowTo" TIMESTAMPTZ(3),
    "status" "ShadowStatus" NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "level" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
    "rescoreSeconds" INTEGER NOT NULL DEFAULT 60,
    "seed" INTEGER NOT NULL,
    "snapshotCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "apiKeyId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "lastScoredAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "shadow_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shadow_evaluation_version" (
    "shadowEvaluationId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "role" "ShadowRole" NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "shadow_evaluation_version_pkey" PRIMARY KEY ("shadowEvaluationId","modelVersionId")
);

-- CreateTable
CREATE TABLE "shadow_snapshot" (
    "id" UUID NOT NULL,
    "shadowEvaluationId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "scoredAt" TIMESTAMPTZ(3) NOT NULL,
    "windowFrom" TIMESTAMPTZ(3),
    "windowTo" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL,
    "labelled" INTEGER NOT NULL,
    "result" JSONB NOT NULL,
    "codeVersion" TEXT NOT NULL,

    CONSTRAINT "shadow_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shadow_evaluation_teamId_createdAt_idx" ON "shadow_evaluation"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "shadow_evaluation_status_idx" ON "shadow_evaluation"("status");

-- CreateIndex
CREATE INDEX "shadow_evaluation_version_modelVersionId_idx" ON "shadow_evaluation_version"("modelVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "shadow_snapshot_shadowEvaluationId_sequence_key" ON "shadow_snapshot"("shadowEvaluationId", "sequence");

-- AddForeignKey
ALTER TABLE "shadow_evaluation" ADD CONSTRAINT "shadow_evaluation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_evaluation" ADD CONSTRAINT "shadow_evaluation_benchmarkId_fkey" FOREIGN KEY ("benchmarkId") REFERENCES "benchmark"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_evaluation" ADD CONSTRAINT "shadow_evaluation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_evaluation" ADD CONSTRAINT "shadow_evaluation_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_evaluation_version" ADD CONSTRAINT "shadow_evaluation_version_shadowEvaluationId_fkey" FOREIGN KEY ("shadowEvaluationId") REFERENCES "shadow_evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_evaluation_version" ADD CONSTRAINT "shadow_evaluation_version_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "model_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_snapshot" ADD CONSTRAINT "shadow_snapshot_shadowEvaluationId_fkey" FOREIGN KEY ("shadowEvaluationId") REFERENCES "shadow_evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
