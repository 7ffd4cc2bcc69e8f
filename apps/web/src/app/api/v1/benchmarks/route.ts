import { AppError, getDb } from "@fieldtest/db";
import { createBenchmark } from "../../../../server/benchmarks/create-benchmark";
import { actingUserId } from "../../../../server/rest/authenticate";
import { parseJsonBody, restRoute } from "../../../../server/rest/rest-route";
import { createBenchmarkBody } from "../../../../server/rest/schemas";

/**
 * POST {name, datasetVersionId, task, split?, metrics?, …the benchmark protocol} → 201 {id, name,
 * version}: the same creation as the UI (a used name gets the next version). Scope: evaluate.
 */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const input = await parseJsonBody(request, createBenchmarkBody);
    const benchmark = await createBenchmark({
      db: getDb(),
      teamIds: caller.teamIds,
      input,
      userId: await actingUserId(caller),
    });
    return Response.json({ id: benchmark.id, name: benchmark.name, version: benchmark.version }, { status: 201 });
  });
}

/** GET ?name=NAME → {id, name, version} of the latest version of that benchmark. Scope: read. */
export async function GET(request: Request): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const name = new URL(request.url).searchParams.get("name")?.trim();
    if (!name) throw new AppError("BAD_INPUT", "name is required", { field: "name" });
    const benchmark = await getDb().benchmark.findFirst({
      where: { teamId: caller.teamId, name },
      orderBy: { version: "desc" },
      select: { id: true, name: true, version: true },
    });
    if (!benchmark) throw new AppError("NOT_FOUND", `Benchmark "${name}" not found`, { field: "name" });
    return Response.json(benchmark);
  });
}
