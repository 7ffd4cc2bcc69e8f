-- CreateTable
CREATE TABLE "run_comparison" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "runAId" UUID NOT NULL,
    "runBId" UUID NOT NULL,
    "paired" JSONB,
    "unpairedReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_comparison_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "run_comparison_runBId_idx" ON "run_comparison"("runBId");

-- CreateIndex
CREATE UNIQUE INDEX "run_comparison_runAId_runBId_key" ON "run_comparison"("runAId", "runBId");

-- AddForeignKey
ALTER TABLE "run_comparison" ADD CONSTRAINT "run_comparison_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_comparison" ADD CONSTRAINT "run_comparison_runAId_fkey" FOREIGN KEY ("runAId") REFERENCES "evaluation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_comparison" ADD CONSTRAINT "run_comparison_runBId_fkey" FOREIGN KEY ("runBId") REFERENCES "evaluation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
