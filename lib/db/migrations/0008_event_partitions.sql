-- Events become a table partitioned by month of received_at, on PGlite and
-- PostgreSQL alike (one schema, one story). A partitioned table's unique keys
-- must include the partition key, so the primary key becomes (id, received_at)
-- and message-id de-duplication moves to event_message_ids, which also outlives
-- rows deleted by retention. Existing rows are copied into the new table.
CREATE TABLE "event_message_ids" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "event_message_ids" ("message_id", "timestamp") SELECT "message_id", "timestamp" FROM "events";
--> statement-breakpoint
ALTER TABLE "events" RENAME TO "events_unpartitioned";
--> statement-breakpoint
ALTER TABLE "events_unpartitioned" RENAME CONSTRAINT "events_pkey" TO "events_unpartitioned_pkey";
--> statement-breakpoint
DROP INDEX "events_message_id_idx";
--> statement-breakpoint
DROP INDEX "events_anonymous_id_timestamp_idx";
--> statement-breakpoint
DROP INDEX "events_timestamp_idx";
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint DEFAULT nextval('events_id_seq') NOT NULL,
	"message_id" uuid NOT NULL,
	"type" text NOT NULL,
	"event" text,
	"anonymous_id" text NOT NULL,
	"user_id" text,
	"session_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"original_timestamp" timestamp with time zone,
	CONSTRAINT "events_pkey" PRIMARY KEY("id","received_at")
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
ALTER SEQUENCE "events_id_seq" OWNED BY "events"."id";
--> statement-breakpoint
CREATE INDEX "events_anonymous_id_timestamp_idx" ON "events" USING btree ("anonymous_id","timestamp");
--> statement-breakpoint
CREATE INDEX "events_timestamp_idx" ON "events" USING btree ("timestamp");
--> statement-breakpoint
-- Rows whose month has no partition yet land here, so an insert never fails
-- (a device's clock, a server's clock far off, a missed daily run).
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
--> statement-breakpoint
-- The partition of one month (events_YYYYMM), created if missing. Rows of that
-- month already in the default partition are moved into it, since attaching a
-- range the default partition holds rows of is refused.
CREATE FUNCTION kairos_event_partition(month timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	lo timestamptz := date_trunc('month', month, 'UTC');
	hi timestamptz := lo + interval '1 month';
	name text := 'events_' || to_char(lo AT TIME ZONE 'UTC', 'YYYYMM');
BEGIN
	IF to_regclass(name) IS NOT NULL THEN
		RETURN name;
	END IF;
	IF EXISTS (SELECT 1 FROM events_default WHERE received_at >= lo AND received_at < hi) THEN
		EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', name);
		EXECUTE format(
			'WITH moved AS (DELETE FROM events_default WHERE received_at >= %L AND received_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
			lo, hi, name);
		EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
	ELSE
		EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
	END IF;
	RETURN name;
END $$;
--> statement-breakpoint
-- The partitions from the previous month to `ahead` months on (the server runs
-- it at start and daily: lib/db/event-partitions.ts).
CREATE FUNCTION kairos_ensure_event_partitions(ahead integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	made integer := 0;
	m integer;
BEGIN
	FOR m IN -1..ahead LOOP
		PERFORM kairos_event_partition(now() + make_interval(months => m));
		made := made + 1;
	END LOOP;
	RETURN made;
END $$;
--> statement-breakpoint
-- A partition for every month the existing rows were received in, then the rows.
SELECT kairos_event_partition(month) FROM (
	SELECT DISTINCT date_trunc('month', received_at, 'UTC') AS month FROM events_unpartitioned
) months;
--> statement-breakpoint
SELECT kairos_ensure_event_partitions(3);
--> statement-breakpoint
INSERT INTO "events" ("id", "message_id", "type", "event", "anonymous_id", "user_id", "session_id", "properties", "traits", "context", "timestamp", "received_at", "original_timestamp")
	SELECT "id", "message_id", "type", "event", "anonymous_id", "user_id", "session_id", "properties", "traits", "context", "timestamp", "received_at", "original_timestamp" FROM "events_unpartitioned";
--> statement-breakpoint
DROP TABLE "events_unpartitioned";
