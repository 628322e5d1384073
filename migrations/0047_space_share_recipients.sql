CREATE TABLE "space_share_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"email" text NOT NULL,
	"code_hash" text,
	"code_sent_at" timestamp with time zone,
	"code_expires_at" timestamp with time zone,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "space_share_recipients_link_email_key" UNIQUE("link_id","email")
);
--> statement-breakpoint
ALTER TABLE "space_share_visits" ADD COLUMN "recipient_email" text;--> statement-breakpoint
ALTER TABLE "space_share_recipients" ADD CONSTRAINT "space_share_recipients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_share_recipients" ADD CONSTRAINT "space_share_recipients_link_id_space_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."space_share_links"("id") ON DELETE cascade ON UPDATE no action;