"use client";

import type { ReactNode } from "react";

/** A group of a benchmark form: a fieldset with its legend, hint and the errors of its fields. */
export function Group({
  legend,
  error,
  children,
  hint,
  testId,
}: {
  legend: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <fieldset
      className="grid gap-3 rounded-md border p-3 sm:col-span-2 sm:grid-cols-2"
      aria-invalid={error ? true : undefined}
      data-testid={testId}
    >
      <legend className="px-1 text-xs font-semibold">{legend}</legend>
      {hint && <p className="text-xs text-muted-foreground sm:col-span-2">{hint}</p>}
      {children}
      {error && (
        <p role="alert" className="text-xs text-fail sm:col-span-2">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  testId,
  mono = false,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
  mono?: boolean;
}) {
  return (
    <label className={`inline-flex items-center gap-1.5 text-xs ${mono ? "font-mono" : ""}`}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="size-3.5 accent-[var(--primary)]"
        data-testid={testId}
      />
      {label}
    </label>
  );
}
