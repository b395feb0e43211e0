CREATE TABLE "campaign_controls" (
	"campaign_id" bigint NOT NULL,
	"anonymous_id" text NOT NULL,
	"selected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_controls_campaign_id_anonymous_id_pk" PRIMARY KEY("campaign_id","anonymous_id")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "variants" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "control_share" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "anonymous_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "variant" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_controls" ADD CONSTRAINT "campaign_controls_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Rows queued before deliveries recorded their visitor: from the subscription, where it still exists.
UPDATE "deliveries" d SET "anonymous_id" = s."anonymous_id" FROM "push_subscriptions" s WHERE s."id" = d."subscription_id";
