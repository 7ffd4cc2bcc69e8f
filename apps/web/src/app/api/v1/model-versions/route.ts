import { AppError, getDb } from "@fieldtest/db";
import { restRoute } from "../../../../server/rest/rest-route";

/**
 * GET ?model=NAME&version=LABEL → {id, version, stage, model: {id, name, task}}: resolves
 * `model@label` (what `fieldtest gate --version` accepts) in the key's team. Scope: read.
 */
export async function GET(request: Request): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const params = new URL(request.url).searchParams;
    const model = params.get("model")?.trim();
    const label = params.get("version")?.trim();
    if (!model) throw new AppError("BAD_INPUT", "model is required", { field: "model" });
    if (!label) throw new AppError("BAD_INPUT", "version is required", { field: "version" });
    const version = await getDb().modelVersion.findFirst({
      where: { version: label, model: { name: model, teamId: caller.teamId } },
      select: { id: true, version: true, stage: true, model: { select: { id: true, name: true, task: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", `Model version ${model}@${label} not found`, { field: "version" });
    return Response.json(version);
  });
}
