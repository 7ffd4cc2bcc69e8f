import { AppError, createDatasetVersion, directoryStorage, getDb } from "@fieldtest/db";
import { type ApiCaller, actingUserId, authenticateApiKey, requireScope } from "../../../../server/rest/authenticate";
import { restError, restErrorResponse } from "../../../../server/rest/rest-error";
import { listParam, optionalParam, streamUpload, textParam } from "../../../../server/uploads";

/**
 * POST ?name=&labelColumn=&idColumn=[&timestampColumn=&sliceColumns=&description=&format=] with
 * the raw file as the body (text/csv, application/x-ndjson, application/vnd.apache.parquet) →
 * 201 {datasetId, datasetVersionId, sha256, rowCount, columns}, or 200 with the existing version
 * for identical content. Streamed through the same shell as UI uploads (caps, slots, 413/429).
 * Scope: ingest. Not behind any Next proxy (it would cap bodies at 10 MB).
 */
export async function POST(request: Request): Promise<Response> {
  return streamUpload<ApiCaller>(request, {
    errorResponse: (status, message, field, code) => restError(status, code, message, field),
    authenticate: async () => {
      try {
        const caller = await authenticateApiKey(request);
        requireScope(caller, ["ingest"]);
        return caller;
      } catch (err) {
        return restErrorResponse(err, "/api/v1/datasets");
      }
    },
    handle: async ({ params, body, format, tempDir }, caller) => {
      const datasetName = textParam(params, "name", "Name");
      const labelColumn = textParam(params, "labelColumn", "Label column");
      const idColumn = textParam(params, "idColumn", "Id column");
      const { datasetVersion, created } = await createDatasetVersion({
        db: getDb(),
        storage: directoryStorage(),
        teamId: caller.teamId,
        datasetName,
        description: optionalParam(params, "description"),
        body,
        format,
        tempDir,
        idColumn,
        labelColumn,
        timestampColumn: optionalParam(params, "timestampColumn") ?? null,
        sliceColumns: listParam(params, "sliceColumns"),
        userId: await actingUserId(caller),
      }).catch((err: unknown) => {
        // The query parameter is `name`.
        if (err instanceof AppError && err.field === "datasetName") {
          throw new AppError(err.code, err.message, { field: "name", cause: err });
        }
        throw err;
      });
      const { id, datasetId, sha256, rowCount, columns } = datasetVersion;
      return Response.json(
        { datasetId, datasetVersionId: id, sha256, rowCount, columns },
        { status: created ? 201 : 200 },
      );
    },
  });
}
