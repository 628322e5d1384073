CREATE TABLE "space_view_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"visitor" text NOT NULL,
	"user_id" uuid,
	"recipient_email" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seconds" integer DEFAULT 0 NOT NULL,
	"duration" real,
	"played" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "space_view_sessions" ADD CONSTRAINT "space_view_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_view_sessions" ADD CONSTRAINT "space_view_sessions_link_id_space_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."space_share_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_view_sessions_link_idx" ON "space_view_sessions" USING btree ("link_id","started_at");