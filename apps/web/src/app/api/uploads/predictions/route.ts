import { AppError, directoryStorage, getDb, savePredictions } from "@fieldtest/db";
import { handleUpload, idParam } from "../../../../server/uploads";

/**
 * POST the raw file as the body (CSV, JSON Lines or Parquet with the dataset's id column or
 * `id`, and `score`; the format from Content-Type or `?format=`), and in the query string
 * modelVersionId and datasetVersionId. The body is streamed. 201 when stored, 200 when
 * identical content was already there. Errors: `{ error: { field, message } }` with 4xx
 * (413 past the size cap), nothing stored.
 */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request, async ({ session, params, body, format, teamIds, tempDir }) => {
    const modelVersionId = idParam(params, "modelVersionId", "Model version");
    const datasetVersionId = idParam(params, "datasetVersionId", "Dataset version");
    const version = await getDb().modelVersion.findFirst({
      where: { id: modelVersionId, model: { teamId: { in: teamIds } } },
      select: { model: { select: { teamId: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
    // Predictions belong to the version's team: a dataset version of any other team is not found.
    const datasetVersion = await getDb().datasetVersion.findFirst({
      where: { id: datasetVersionId, dataset: { teamId: version.model.teamId } },
      select: { id: true },
    });
    if (!datasetVersion) throw new AppError("NOT_FOUND", "Dataset version not found", { field: "datasetVersionId" });
    const { predictions, created } = await savePredictions({
      db: getDb(),
      storage: directoryStorage(),
      teamId: version.model.teamId,
      modelVersionId,
      datasetVersionId,
      body,
      format,
      tempDir,
      userId: session.user.id,
    });
    const { id, rowCount, sha256 } = predictions;
    return Response.json({ predictions: { id, rowCount, sha256 }, created }, { status: created ? 201 : 200 });
  });
}
