import { describe, expect, it } from "vitest";
import { endpointKindSchema, stageSchema, taskSchema } from "./domain-enums.ts";

describe("domain enums (DESIGN.md word list)", () => {
  it.each([
    { schema: taskSchema, values: ["binary_classification", "multiclass_classification", "regression"] },
    { schema: stageSchema, values: ["development", "candidate", "shadow", "approved", "production", "retired"] },
    { schema: endpointKindSchema, values: ["open-inference-v2", "http-json", "builtin", "offline"] },
  ])("$values.0 …", ({ schema, values }) => {
    expect(schema.options).toEqual(values);
    expect(schema.safeParse("something-else").success).toBe(false);
  });
});
