-- AlterEnum
ALTER TYPE "RunResultKind" ADD VALUE 'scores';
