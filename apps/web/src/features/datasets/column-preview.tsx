"use client";

import { cn } from "~/components/ui/cn";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatCount } from "~/lib/format";
import type { Inspection } from "./use-inspection";

const TYPE_LABEL = { number: "number", string: "text", boolean: "yes/no", timestamp: "date/time" } as const;

/** The inferred column types and the first rows of a file, for confirmation before the upload. */
export function ColumnPreview({ inspection, className }: { inspection: Inspection; className?: string }) {
  const { columns, sample, rowsRead, totalRows, complete } = inspection;
  const basis =
    rowsRead === 0
      ? "Types from the file's schema."
      : complete
        ? `Types from all ${formatCount(rowsRead)} rows.`
        : `Types inferred from the first ${formatCount(rowsRead)} rows${totalRows === null ? "" : ` of ${formatCount(totalRows)}`}; the upload checks every row.`;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <p className="text-xs text-muted-foreground">{basis}</p>
      <ScrollRegion label="Column preview" className="max-h-72 rounded-md border">
        <table className={tableClass} data-testid="dataset-columns">
          <caption className="sr-only">Columns of the chosen file</caption>
          <thead>
            <tr>
              <th scope="col" className={thClass}>
                Column
              </th>
              <th scope="col" className={thClass}>
                Type
              </th>
              <th scope="col" className={cn(thClass, "text-right")}>
                Missing
              </th>
              {sample.slice(0, 3).map((_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no identity but their position
                <th key={i} scope="col" className={thClass}>
                  Row {i + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name} data-testid="dataset-column-row" data-column={c.name} data-type={c.type}>
                <th scope="row" className={cn(tdClass, "font-mono text-xs font-medium")}>
                  {c.name}
                </th>
                <td className={tdClass}>{TYPE_LABEL[c.type]}</td>
                <td className={cn(tdClass, "text-right tabular-nums")}>
                  {rowsRead === 0 ? "—" : formatCount(c.missing)}
                </td>
                {sample.slice(0, 3).map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above
                  <td key={i} className={cn(tdClass, "max-w-40 truncate font-mono text-xs")}>
                    {row[c.name] === null || row[c.name] === undefined ? "" : String(row[c.name])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
