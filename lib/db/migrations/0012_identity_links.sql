-- The identity graph (docs/people.md): switch points from which a device's
-- events belong to a person. Written at ingest; read by the analytics (a
-- device's events resolved to their person when the engine loads the lake),
-- campaign sends (a person's devices) and forgets (a person's devices).
CREATE TABLE "identity_links" (
	"anonymous_id" text NOT NULL,
	"user_id" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_links_pkey" PRIMARY KEY("anonymous_id","valid_from")
);
--> statement-breakpoint
CREATE INDEX "identity_links_user_id_idx" ON "identity_links" USING btree ("user_id");