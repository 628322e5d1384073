CREATE TABLE "monitor_alerts" (
	"alert_key" text PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"component" text NOT NULL,
	"state" text NOT NULL,
	"severity" text NOT NULL,
	"value" double precision,
	"summary" text NOT NULL,
	"active_since" timestamp with time zone NOT NULL,
	"firing_since" timestamp with time zone,
	"notified_severity" text,
	"notified_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_components" (
	"component" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"values" jsonb NOT NULL,
	"message" text NOT NULL,
	"memo" jsonb,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"alert_key" text NOT NULL,
	"rule" text NOT NULL,
	"component" text NOT NULL,
	"event" text NOT NULL,
	"severity" text,
	"summary" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "monitor_silences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"component" text NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"comment" text NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "monitor_history_at_idx" ON "monitor_history" USING btree ("at");--> statement-breakpoint
-- The monitor's tables are the platform's: only the connection owner (the monitor, the CLI, the operator status) touches them.
REVOKE ALL ON monitor_alerts, monitor_components, monitor_history, monitor_silences FROM lectern_app;
