CREATE TABLE "send_windows" (
	"scope" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "send_windows_scope_window_start_pk" PRIMARY KEY("scope","window_start")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "time_mode" text DEFAULT 'now' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "local_time" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "per_minute" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "important" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "holdout_skips" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "skip_reason" text;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD COLUMN "unclicked_sends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "time_zone" text;--> statement-breakpoint
CREATE INDEX "deliveries_visitor_sent_idx" ON "deliveries" USING btree ("anonymous_id","sent_at") WHERE "deliveries"."status" = 'sent';--> statement-breakpoint
-- The time zone of visitors seen before the column existed: the latest their stored events named.
UPDATE "visitors" v SET "time_zone" = (
	SELECT e."context" ->> 'timezone' FROM "events" e
	WHERE e."anonymous_id" = v."anonymous_id" AND e."context" ? 'timezone'
	ORDER BY e."timestamp" DESC LIMIT 1
);
