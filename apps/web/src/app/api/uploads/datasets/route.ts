import { AppError, createDatasetVersion, directoryStorage, getDb } from "@fieldtest/db";
import { handleUpload, idParam, listParam, optionalParam, textParam } from "../../../../server/uploads";

/**
 * POST the raw file as the body (CSV, JSON Lines or Parquet; the format from Content-Type
 * `text/csv`, `application/x-ndjson`, `application/vnd.apache.parquet`, or `?format=`), the
 * other fields in the query string: teamId, name, idColumn, labelColumn, and optional
 * timestampColumn, sliceColumns (comma-separated) and description. The body is streamed, never
 * held whole. Identical content returns the existing version (200); a new version is 201.
 * Errors: `{ error: { field, message } }` with 4xx (413 past the size cap), nothing stored.
 */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request, async ({ session, params, body, format, teamIds, tempDir }) => {
    const teamId = idParam(params, "teamId", "Team");
    if (!teamIds.includes(teamId)) throw new AppError("NOT_FOUND", "Team not found", { field: "teamId" });
    const datasetName = textParam(params, "name", "Name");
    const idColumn = textParam(params, "idColumn", "Id column");
    const labelColumn = textParam(params, "labelColumn", "Label column");
    const { datasetVersion, created } = await createDatasetVersion({
      db: getDb(),
      storage: directoryStorage(),
      teamId,
      datasetName,
      description: optionalParam(params, "description"),
      body,
      format,
      tempDir,
      idColumn,
      labelColumn,
      timestampColumn: optionalParam(params, "timestampColumn") ?? null,
      sliceColumns: listParam(params, "sliceColumns"),
      userId: session.user.id,
    }).catch((err: unknown) => {
      // The query parameter is `name`.
      if (err instanceof AppError && err.field === "datasetName") {
        throw new AppError(err.code, err.message, { field: "name", cause: err });
      }
      throw err;
    });
    const { id, datasetId, version, sha256, rowCount, sizeBytes, columns } = datasetVersion;
    return Response.json(
      { datasetVersion: { id, datasetId, version, sha256, rowCount, sizeBytes, columns }, created },
      { status: created ? 201 : 200 },
    );
  });
}
