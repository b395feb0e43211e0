ALTER TABLE "campaigns" ADD COLUMN "audience" text DEFAULT 'listed' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "audience_computed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "audience_size" integer;