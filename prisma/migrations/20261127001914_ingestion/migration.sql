-- CreateTable
CREATE TABLE "prediction_event" (
    "teamId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "features" JSONB NOT NULL,
    "prediction" JSONB NOT NULL,
    "latencyMs" DOUBLE PRECISION,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_event_pkey" PRIMARY KEY ("teamId","eventId","modelVersionId","timestamp")
) PARTITION BY RANGE ("timestamp");
-- Hand-written (Prisma cannot declare partitions): prediction_event is RANGE-partitioned by
-- month on its event time. The unique key must hold the partition key, so it includes
-- "timestamp", and prediction_event_key below keeps (team, eventId, version) unique on its own.
-- Month partitions are created at run time, not here (ensureEventPartitions in
-- packages/db/src/events/event-partitions.ts, called before each insert for the months it
-- touches and by the worker's sweeper), so the migrations describe only the parent table.

-- CreateTable
CREATE TABLE "prediction_event_key" (
    "teamId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "prediction_event_key_pkey" PRIMARY KEY ("teamId","eventId","modelVersionId")
);

-- CreateTable
CREATE TABLE "label_event" (
    "id" BIGSERIAL NOT NULL,
    "teamId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "label" JSONB NOT NULL,
    "labelTimestamp" TIMESTAMPTZ(3),
    "contentHash" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "prediction_event_teamId_modelVersionId_timestamp_idx" ON "prediction_event"("teamId", "modelVersionId", "timestamp");

-- CreateIndex
CREATE INDEX "prediction_event_teamId_timestamp_idx" ON "prediction_event"("teamId", "timestamp");

-- CreateIndex
CREATE INDEX "prediction_event_key_timestamp_idx" ON "prediction_event_key"("timestamp");

-- CreateIndex
CREATE INDEX "label_event_teamId_receivedAt_idx" ON "label_event"("teamId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "label_event_teamId_eventId_contentHash_key" ON "label_event"("teamId", "eventId", "contentHash");

-- AddForeignKey
ALTER TABLE "prediction_event" ADD CONSTRAINT "prediction_event_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prediction_event_key" ADD CONSTRAINT "prediction_event_key_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_event" ADD CONSTRAINT "label_event_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

