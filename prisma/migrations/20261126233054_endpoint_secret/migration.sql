-- AlterTable
ALTER TABLE "model_version" ADD COLUMN     "endpointAuthHeader" TEXT,
ADD COLUMN     "endpointSecret" TEXT;
