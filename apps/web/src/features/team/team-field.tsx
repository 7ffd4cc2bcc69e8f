import type { SelectHTMLAttributes } from "react";
import { Field, Select } from "~/components/ui/field";

/**
 * "Team" and a select of the viewer's teams: controlled (value + onChange) or a form field
 * (name + defaultValue); other select attributes (data-testid) pass through.
 */
export function TeamField({
  teams,
  error,
  className,
  ...select
}: {
  teams: readonly { id: string; name: string }[];
  error?: string;
  className?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label="Team" error={error} className={className}>
      {(c) => (
        <Select {...c} {...select}>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
