CREATE TABLE "campaign_stage_rest" (
	"campaign_id" bigint NOT NULL,
	"subscription_id" bigint NOT NULL,
	"anonymous_id" text NOT NULL,
	CONSTRAINT "campaign_stage_rest_campaign_id_subscription_id_pk" PRIMARY KEY("campaign_id","subscription_id")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "staged_send" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "stage_decide_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "stage" jsonb;--> statement-breakpoint
ALTER TABLE "campaign_stage_rest" ADD CONSTRAINT "campaign_stage_rest_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;