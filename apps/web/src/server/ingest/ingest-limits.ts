/** Documented caps of POST /api/v1/events and /labels (README "Ingestion"). */
export const MAX_INGEST_ITEMS = 5_000;
export const MAX_INGEST_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_EVENT_ID_LENGTH = 200;
/** Event times further ahead than this are refused (clock skew allowance). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
