CREATE TABLE "launch_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"token_hash" text NOT NULL,
	"kind" text NOT NULL,
	"attempt_id" uuid,
	"version_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id_hash" text NOT NULL,
	"app_origin" text NOT NULL,
	"content_origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "launch_grants_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_session_id_hash_sessions_id_hash_fk" FOREIGN KEY ("session_id_hash") REFERENCES "public"."sessions"("id_hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_tenant_id_version_id_content_versions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."content_versions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_tenant_id_attempt_id_attempts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","attempt_id") REFERENCES "public"."attempts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "launch_grants_session_idx" ON "launch_grants" USING btree ("session_id_hash");--> statement-breakpoint
CREATE INDEX "launch_grants_attempt_idx" ON "launch_grants" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "launch_grants_expires_idx" ON "launch_grants" USING btree ("expires_at");