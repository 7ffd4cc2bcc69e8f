-- CreateEnum
CREATE TYPE "ReadinessVerdict" AS ENUM ('ready', 'not_ready', 'insufficient_evidence');

-- CreateTable
CREATE TABLE "readiness_report" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "verdict" "ReadinessVerdict" NOT NULL,
    "policy" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "gates" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "evidenceHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "readiness_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "readiness_report_modelVersionId_createdAt_idx" ON "readiness_report"("modelVersionId", "createdAt");

-- CreateIndex
CREATE INDEX "readiness_report_teamId_createdAt_idx" ON "readiness_report"("teamId", "createdAt");

-- AddForeignKey
ALTER TABLE "readiness_report" ADD CONSTRAINT "readiness_report_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "readiness_report" ADD CONSTRAINT "readiness_report_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "model_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;
