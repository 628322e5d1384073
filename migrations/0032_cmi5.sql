CREATE TABLE "cmi5_activity_states" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"activity_id" text NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"passed" boolean DEFAULT false NOT NULL,
	"failed" boolean DEFAULT false NOT NULL,
	"waived" boolean DEFAULT false NOT NULL,
	"satisfied" boolean DEFAULT false NOT NULL,
	"time_seconds" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cmi5_activity_states_tenant_id_attempt_id_activity_id_pk" PRIMARY KEY("tenant_id","attempt_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "cmi5_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"au_id" text NOT NULL,
	"launch_mode" text DEFAULT 'Normal' NOT NULL,
	"fetch_token_hash" text NOT NULL,
	"auth_secret_hash" text,
	"fetched_at" timestamp with time zone,
	"preferences_read_at" timestamp with time zone,
	"initialized_at" timestamp with time zone,
	"judged" boolean DEFAULT false NOT NULL,
	"terminated_at" timestamp with time zone,
	"abandoned_at" timestamp with time zone,
	"launched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cmi5_sessions_fetch_token_hash_key" UNIQUE("fetch_token_hash")
);
--> statement-breakpoint
ALTER TABLE "cmi5_activity_states" ADD CONSTRAINT "cmi5_activity_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_activity_states" ADD CONSTRAINT "cmi5_activity_states_tenant_id_attempt_id_attempts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","attempt_id") REFERENCES "public"."attempts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_tenant_id_attempt_id_attempts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","attempt_id") REFERENCES "public"."attempts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cmi5_sessions_attempt_idx" ON "cmi5_sessions" USING btree ("tenant_id","attempt_id");