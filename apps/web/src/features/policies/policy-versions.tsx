import type { ReadinessPolicy } from "@fieldtest/core";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { TimeWithRelative } from "~/features/shared/time-with-relative";

export interface PolicyVersionRow {
  id: string;
  version: number;
  policy: ReadinessPolicy | null;
  note: string;
  createdAt: Date | string;
  createdBy: { name: string };
}

/** A policy's versions, newest first: who saved each, when, why, and how many gates. e2e: policy-versions. */
export function PolicyVersions({ versions, inheritLabel }: { versions: PolicyVersionRow[]; inheritLabel?: string }) {
  if (versions.length === 0) return null;
  return (
    <ScrollRegion label="Policy versions">
      <table className={tableClass} data-testid="policy-versions" aria-label="Policy versions">
        <thead>
          <tr>
            <th className={thClass}>Version</th>
            <th className={thClass}>Gates</th>
            <th className={thClass}>Note</th>
            <th className={thClass}>Saved by</th>
            <th className={thClass}>When</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td className={`${tdClass} font-medium`}>v{v.version}</td>
              <td className={tdClass}>
                {v.policy ? v.policy.gates.map((g) => g.id).join(", ") : (inheritLabel ?? "—")}
              </td>
              <td className={`${tdClass} text-muted-foreground`}>{v.note || "—"}</td>
              <td className={tdClass}>{v.createdBy.name}</td>
              <td className={`${tdClass} text-muted-foreground`}>
                <TimeWithRelative value={v.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
