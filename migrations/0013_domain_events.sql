CREATE TABLE "event_handlings" (
	"event_id" uuid NOT NULL,
	"handler" text NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_handlings_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
ALTER TABLE "event_handlings" ADD CONSTRAINT "event_handlings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Handlers run inside withTenant, as the application role.
GRANT SELECT, INSERT ON event_handlings TO lectern_app;
--> statement-breakpoint
ALTER TABLE event_handlings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_handlings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON event_handlings
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
