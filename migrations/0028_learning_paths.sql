CREATE TABLE "learning_path_courses" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"path_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"prerequisites" uuid[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "learning_path_courses_tenant_id_path_id_course_id_pk" PRIMARY KEY("tenant_id","path_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "learning_path_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"path_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text DEFAULT 'direct' NOT NULL,
	"group_id" uuid,
	"enrolled_by" uuid,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "learning_path_enrolments_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "learning_path_enrolments_path_user_key" UNIQUE("tenant_id","path_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "learning_path_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"path_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"include_subgroups" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_path_groups_path_group_key" UNIQUE("tenant_id","path_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "learning_paths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"due_at" timestamp with time zone,
	"certificate_enabled" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_paths_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "enrolment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "course_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "path_id" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "path_id" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "path_enrolment_id" uuid;--> statement-breakpoint
ALTER TABLE "learning_path_courses" ADD CONSTRAINT "learning_path_courses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_courses" ADD CONSTRAINT "learning_path_courses_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_courses" ADD CONSTRAINT "learning_path_courses_tenant_id_course_id_courses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","course_id") REFERENCES "public"."courses"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" ADD CONSTRAINT "learning_path_enrolments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" ADD CONSTRAINT "learning_path_enrolments_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" ADD CONSTRAINT "learning_path_enrolments_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" ADD CONSTRAINT "learning_path_enrolments_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_groups" ADD CONSTRAINT "learning_path_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_groups" ADD CONSTRAINT "learning_path_groups_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_path_groups" ADD CONSTRAINT "learning_path_groups_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_paths" ADD CONSTRAINT "learning_paths_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_path_courses_course_idx" ON "learning_path_courses" USING btree ("tenant_id","course_id");--> statement-breakpoint
CREATE INDEX "learning_path_enrolments_user_idx" ON "learning_path_enrolments" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "learning_path_groups_group_idx" ON "learning_path_groups" USING btree ("tenant_id","group_id");--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrolments_path_idx" ON "enrolments" USING btree ("tenant_id","path_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_path_enrolment_valid_key" ON "certificates" USING btree ("tenant_id","path_enrolment_id") WHERE revoked_at is null;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_path_enrolment_completion_key" UNIQUE("tenant_id","path_enrolment_id","completed_at");--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_course_or_path" CHECK (("certificates"."enrolment_id" is not null and "certificates"."course_id" is not null and "certificates"."path_id" is null and "certificates"."path_enrolment_id" is null) or ("certificates"."enrolment_id" is null and "certificates"."course_id" is null and "certificates"."path_id" is not null and "certificates"."path_enrolment_id" is not null));