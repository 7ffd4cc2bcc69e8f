-- AlterTable
ALTER TABLE "shadow_evaluation" ADD COLUMN     "labelledAtLastLook" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "looks" INTEGER NOT NULL DEFAULT 0;
