CREATE TABLE "automation_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"automation_id" bigint NOT NULL,
	"anonymous_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_members" (
	"automation_id" bigint NOT NULL,
	"anonymous_id" text NOT NULL,
	CONSTRAINT "automation_members_automation_id_anonymous_id_pk" PRIMARY KEY("automation_id","anonymous_id")
);
--> statement-breakpoint
CREATE TABLE "automations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"trigger" jsonb NOT NULL,
	"segment_id" bigint,
	"campaign_id" bigint NOT NULL,
	"delay_minutes" integer DEFAULT 0 NOT NULL,
	"exit_event" jsonb,
	"reentry_after_days" integer,
	"ends_at" timestamp with time zone,
	"event_cursor" bigint DEFAULT 0 NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "deliveries_campaign_subscription_idx";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "entry_id" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "automation_entries" ADD CONSTRAINT "automation_entries_automation_id_automations_id_fk" FOREIGN KEY ("automation_id") REFERENCES "public"."automations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_members" ADD CONSTRAINT "automation_members_automation_id_automations_id_fk" FOREIGN KEY ("automation_id") REFERENCES "public"."automations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automations" ADD CONSTRAINT "automations_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automations" ADD CONSTRAINT "automations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "automation_entries_visitor_time_idx" ON "automation_entries" USING btree ("automation_id","anonymous_id","entered_at");--> statement-breakpoint
CREATE INDEX "automation_entries_due_idx" ON "automation_entries" USING btree ("due_at","id") WHERE "automation_entries"."status" in ('waiting', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_campaign_subscription_entry_idx" ON "deliveries" USING btree ("campaign_id","subscription_id","entry_id");