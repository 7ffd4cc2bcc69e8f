import { describe, expect, it } from "vitest";
import { claimFieldErrors, type FormErrors, type SubmitErrors } from "./form-errors";

const RENDERED = ["version", "name", "metrics"] as const;
type Case = { name: string; errors: SubmitErrors; expected: FormErrors<(typeof RENDERED)[number]> };

describe("claimFieldErrors", () => {
  it.each<Case>([
    {
      name: "no error",
      errors: { fields: {}, message: null },
      expected: { fields: {}, message: null },
    },
    {
      name: "a rendered field keeps its error",
      errors: { fields: { version: "Version is required" }, message: null },
      expected: { fields: { version: "Version is required" }, message: null },
    },
    {
      name: "a field the form does not render becomes the message",
      errors: { fields: { modelId: "Model not found" }, message: null },
      expected: { fields: {}, message: "Model not found" },
    },
    {
      name: "a nested path is not claimed by its parent",
      errors: { fields: { "metrics.0": "Invalid option", name: "Name is required" }, message: null },
      expected: { fields: { name: "Name is required" }, message: "Invalid option" },
    },
    {
      name: "unclaimed errors join a form-level message, each message once",
      errors: { fields: { a: "Not found", b: "Not found" }, message: "Try again" },
      expected: { fields: {}, message: "Try again; Not found" },
    },
  ])("$name", ({ errors, expected }) => {
    expect(claimFieldErrors(errors, RENDERED)).toEqual(expected);
  });
});
