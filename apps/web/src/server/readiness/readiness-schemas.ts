import { z } from "zod";

const verdict = z.enum(["ready", "not_ready", "insufficient_evidence"]);
const counts = z.object({ pass: z.int(), fail: z.int(), insufficient_evidence: z.int(), total: z.int() });

/** GET /api/v1/model-versions/{id}/readiness (documented shape; see readiness-view.ts). */
export const readinessResponse = z
  .object({
    modelVersionId: z.uuid(),
    verdict,
    counts,
    gates: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        description: z.string(),
        status: z.enum(["pass", "fail", "insufficient_evidence"]),
        observed: z.number().nullable(),
        interval: z.tuple([z.number(), z.number()]).nullable(),
        threshold: z.number().nullable(),
        comparator: z.string().nullable(),
        baseline: z.number().nullable(),
        evidenceN: z.number().nullable(),
        reason: z.string(),
        runIds: z.array(z.string()),
      }),
    ),
    evaluatedAt: z.string(),
    reportId: z.uuid(),
    history: z.array(z.object({ reportId: z.uuid(), verdict, counts, evaluatedAt: z.string() })),
  })
  .meta({ id: "Readiness" });
