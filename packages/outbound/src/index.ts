export {
  type CallOutcome,
  createOutboundClient,
  type OutboundCallRecord,
  type OutboundClient,
  type OutboundClientOptions,
  type OutboundRequest,
  type OutboundResponse,
  type Resolver,
} from "./client/create-outbound-client.ts";
export {
  EndpointResponseError,
  OutboundAborted,
  OutboundConnectionError,
  OutboundError,
  OutboundHttpError,
  OutboundRefused,
  OutboundResponseTooLarge,
  OutboundTimeout,
} from "./client/errors.ts";
export type { PinnedAddress } from "./client/exchange.ts";
export { type ScoreRowsInput, type ScoreRowsResult, scoreRows } from "./endpoints/score-rows.ts";
export { type ConnectionReport, testConnection } from "./endpoints/test-connection.ts";
export { DEFAULT_BATCH_SIZE, EndpointConfigError, type EndpointSpec, type FeatureColumn } from "./endpoints/types.ts";
export {
  type AllowList,
  AllowListError,
  allowsAddress,
  allowsHost,
  describeAllowList,
  parseAllowList,
} from "./policy/allow-list.ts";
export {
  checkAddress,
  checkUrl,
  displayUrl,
  type Refusal,
  type RefusalReason,
  type UrlDecision,
} from "./policy/check-destination.ts";
export { formatIp, type IpAddress, parseHost } from "./policy/parse-ip.ts";
export { bearerAuth, type EndpointAuth, EndpointAuthError, validateEndpointAuth } from "./secrets/endpoint-auth.ts";
export {
  decryptSecret,
  encryptSecret,
  parseSecretKey,
  SecretDecryptionError,
  SecretKeyError,
} from "./secrets/secret-box.ts";
export {
  signWebhookBody,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  webhookSignatureOf,
} from "./webhooks/webhook-signature.ts";
