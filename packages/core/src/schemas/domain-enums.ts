import { z } from "zod";

/** What a model predicts. */
export const taskSchema = z.enum(["binary_classification", "multiclass_classification", "regression"]);
export type Task = z.infer<typeof taskSchema>;

/**
 * Stage of a ModelVersion: development → candidate → shadow → approved → production →
 * retired (promoting a version to production retires the previous production version).
 */
export const stageSchema = z.enum(["development", "candidate", "shadow", "approved", "production", "retired"]);
export type Stage = z.infer<typeof stageSchema>;

/** How a ModelVersion is called; `offline` means its predictions are uploaded. */
export const endpointKindSchema = z.enum(["open-inference-v2", "http-json", "builtin", "offline"]);
export type EndpointKind = z.infer<typeof endpointKindSchema>;
