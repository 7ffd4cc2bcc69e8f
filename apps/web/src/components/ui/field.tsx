import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";
import { cn } from "./cn";

/**
 * A labelled form control with its hint and server-side error. The error is linked by
 * aria-describedby and marks the control aria-invalid, so screen readers announce it.
 */
interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: {
    id: string;
    "aria-invalid": boolean | undefined;
    "aria-describedby": string | undefined;
  }) => ReactNode;
}

export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-foreground">
        {label}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs text-fail" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export const controlClass =
  "h-8 w-full rounded-md border bg-surface px-2 text-sm text-foreground placeholder:text-muted-foreground aria-[invalid=true]:border-fail disabled:opacity-60";

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={cn(controlClass, props.type === "file" && "h-auto py-1", props.className)} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={cn(controlClass, props.className)} />;
}

export function Textarea(props: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...props} className={cn(controlClass, "h-auto py-1.5", props.className)} />;
}

/** A form-level error (not tied to one field). */
export function FormError({
  message,
  testId,
  id,
}: {
  message: string | null | undefined;
  testId?: string;
  id?: string;
}) {
  if (!message) return null;
  return (
    <p
      id={id}
      role="alert"
      data-testid={testId}
      className="rounded-md border border-fail/40 bg-fail/10 px-2 py-1.5 text-xs text-fail"
    >
      {message}
    </p>
  );
}
