-- AlterTable
ALTER TABLE "benchmark" ADD COLUMN     "bootstrapResamples" INTEGER NOT NULL DEFAULT 1000,
ADD COLUMN     "confidenceLevel" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
ADD COLUMN     "costs" JSONB,
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "holdout" JSONB,
ADD COLUMN     "revisedFromId" UUID,
ADD COLUMN     "sliceColumns" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "stress" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "task" "Task" NOT NULL DEFAULT 'binary_classification',
ALTER COLUMN "threshold" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "benchmark" ADD CONSTRAINT "benchmark_revisedFromId_fkey" FOREIGN KEY ("revisedFromId") REFERENCES "benchmark"("id") ON DELETE SET NULL ON UPDATE CASCADE;
