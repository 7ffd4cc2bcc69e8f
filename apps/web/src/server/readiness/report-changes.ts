/** A report as far as "what changed" needs it: its policy version and each gate's status. */
export interface ReportGates {
  policyId: string | null;
  gates: readonly { id: string; status: string }[];
}

const WORD: Record<string, string> = { pass: "pass", fail: "fail", insufficient_evidence: "insufficient" };
const word = (status: string) => WORD[status] ?? status;

/**
 * What changed from one report to the next, in words: a new policy version, gates added or
 * removed, and each gate whose status moved ("gap-roc-auc: insufficient → fail"). Empty when only
 * the numbers moved (a report is written when judged numbers change, not only statuses).
 */
export function reportChanges(older: ReportGates | undefined, newer: ReportGates): string[] {
  if (!older) return ["first report"];
  const changes: string[] = [];
  if (older.policyId !== newer.policyId) changes.push("policy changed");
  const before = new Map(older.gates.map((g) => [g.id, g.status]));
  const after = new Map(newer.gates.map((g) => [g.id, g.status]));
  for (const g of newer.gates) {
    const was = before.get(g.id);
    if (was === undefined) changes.push(`${g.id} added (${word(g.status)})`);
    else if (was !== g.status) changes.push(`${g.id}: ${word(was)} → ${word(g.status)}`);
  }
  for (const g of older.gates) if (!after.has(g.id)) changes.push(`${g.id} removed`);
  return changes;
}
