import {
  describeGate,
  policyTaskIssues,
  type ReadinessPolicy,
  readinessPolicySchema,
  type Task,
} from "@fieldtest/core";

/** What the editor knows of the JSON being typed: the gates in words, or each problem with its path. */
export type PolicyDraftCheck =
  | { ok: true; policy: ReadinessPolicy; gates: { id: string; words: string }[] }
  | { ok: false; problems: { path: string; message: string }[] };

/**
 * Checks a policy as typed, the way the server will (core's schema, then fit for the task), so
 * the editor can say what is wrong before saving. The server checks again on save.
 */
export function checkPolicyDraft(text: string, task: Task): PolicyDraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: "policy", message: `Not JSON: ${(error as Error).message}` }] };
  }
  const parsed = readinessPolicySchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: ["policy", ...i.path.map(String)].join("."),
        message: i.message,
      })),
    };
  }
  const issues = policyTaskIssues(parsed.data, task);
  if (issues.length > 0) {
    return { ok: false, problems: issues.map((i) => ({ path: ["policy", ...i.path].join("."), message: i.message })) };
  }
  return { ok: true, policy: parsed.data, gates: parsed.data.gates.map((g) => ({ id: g.id, words: describeGate(g) })) };
}

/** Pretty JSON of a policy, as the editor starts from. */
export const policyText = (policy: ReadinessPolicy) => JSON.stringify(policy, null, 2);
