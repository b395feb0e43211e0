-- The Segment-compatible API (/v1/batch and its siblings): message ids become
-- text (Segment's libraries send any string of up to 100 characters; the
-- tracker's UUIDs read the same as text), events get an `extra` column for the
-- fields of a Segment call Kairos has no column for, and write keys are stored
-- as hashes. Changing a column's type on the partitioned events table changes
-- it on every partition.
CREATE TABLE "write_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_start" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "event_message_ids" ALTER COLUMN "message_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "message_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "extra" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "write_keys_key_hash_idx" ON "write_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "write_keys_active_name_idx" ON "write_keys" USING btree ("name") WHERE "write_keys"."revoked_at" is null;