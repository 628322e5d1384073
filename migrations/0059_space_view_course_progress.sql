CREATE TABLE "space_view_course_progress" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"view_session_id" uuid NOT NULL,
	"sco_id" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"item_count" integer NOT NULL,
	"status" text NOT NULL,
	"progress_measure" real,
	"score_percent" real,
	"location" text,
	"seconds" integer DEFAULT 0 NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "space_view_course_progress_view_session_id_sco_id_pk" PRIMARY KEY("view_session_id","sco_id")
);
--> statement-breakpoint
ALTER TABLE "space_view_course_progress" ADD CONSTRAINT "space_view_course_progress_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_view_course_progress" ADD CONSTRAINT "space_view_course_progress_view_session_id_space_view_sessions_id_fk" FOREIGN KEY ("view_session_id") REFERENCES "public"."space_view_sessions"("id") ON DELETE cascade ON UPDATE no action;