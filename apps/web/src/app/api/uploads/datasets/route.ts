import { AppError, createDatasetVersion, directoryStorage, getDb } from "@fieldtest/db";
import { fileField, handleUpload, idField, optionalTextField, textField } from "../../../../server/uploads";

/**
 * POST multipart/form-data: teamId, datasetName, file (CSV), idColumn, labelColumn,
 * optional timestampColumn and description. Identical content returns the existing version (200);
 * a new version is 201. Errors: `{ error: { field, message } }` with 4xx, nothing stored.
 */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request, async ({ session, form, teamIds }) => {
    const teamId = idField(form, "teamId", "Team");
    if (!teamIds.includes(teamId)) throw new AppError("NOT_FOUND", "Team not found", { field: "teamId" });
    const datasetName = textField(form, "datasetName", "Name");
    const idColumn = textField(form, "idColumn", "Id column");
    const labelColumn = textField(form, "labelColumn", "Label column");
    const bytes = await fileField(form);
    const { datasetVersion, created } = await createDatasetVersion({
      db: getDb(),
      storage: directoryStorage(),
      teamId,
      datasetName,
      description: optionalTextField(form, "description"),
      bytes,
      idColumn,
      labelColumn,
      timestampColumn: optionalTextField(form, "timestampColumn") ?? null,
      userId: session.user.id,
    });
    const { id, datasetId, version, sha256, rowCount } = datasetVersion;
    return Response.json(
      { datasetVersion: { id, datasetId, version, sha256, rowCount }, created },
      { status: created ? 201 : 200 },
    );
  });
}
