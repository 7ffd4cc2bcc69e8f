-- CreateEnum
CREATE TYPE "RunResultKind" AS ENUM ('curves', 'reliability', 'confusion', 'costs', 'slices', 'folds', 'stress', 'latency', 'holdout', 'model');

-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "evaluation_run" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "rerunOfId" UUID;

-- CreateTable
CREATE TABLE "run_result" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "kind" "RunResultKind" NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_result_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "run_result_runId_kind_key" ON "run_result"("runId", "kind");

-- AddForeignKey
ALTER TABLE "evaluation_run" ADD CONSTRAINT "evaluation_run_rerunOfId_fkey" FOREIGN KEY ("rerunOfId") REFERENCES "evaluation_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_result" ADD CONSTRAINT "run_result_runId_fkey" FOREIGN KEY ("runId") REFERENCES "evaluation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
