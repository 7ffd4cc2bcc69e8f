export {
  type BadAnswer,
  type InferenceTestServer,
  type InferenceTestServerOptions,
  type LogisticModel,
  logisticScore,
  startInferenceTestServer,
} from "./inference-test-server.ts";
