-- AlterTable
ALTER TABLE "readiness_report" ADD COLUMN     "policyId" UUID;

-- CreateTable
CREATE TABLE "readiness_policy" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "task" "Task" NOT NULL,
    "modelId" UUID,
    "scopeKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "policy" JSONB,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "readiness_policy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "readiness_policy_teamId_scopeKey_version_key" ON "readiness_policy"("teamId", "scopeKey", "version");

-- AddForeignKey
ALTER TABLE "readiness_report" ADD CONSTRAINT "readiness_report_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "readiness_policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "readiness_policy" ADD CONSTRAINT "readiness_policy_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "readiness_policy" ADD CONSTRAINT "readiness_policy_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "readiness_policy" ADD CONSTRAINT "readiness_policy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
