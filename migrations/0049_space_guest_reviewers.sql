CREATE TABLE "space_guest_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_sealed" text NOT NULL,
	"done_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "space_guest_reviewers_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "space_guest_reviewers_request_email_key" UNIQUE("request_id","email"),
	CONSTRAINT "space_guest_reviewers_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "space_comments" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "space_comments" ADD COLUMN "guest_author_id" uuid;--> statement-breakpoint
ALTER TABLE "space_guest_reviewers" ADD CONSTRAINT "space_guest_reviewers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_guest_reviewers" ADD CONSTRAINT "space_guest_reviewers_tenant_id_request_id_space_review_requests_tenant_id_id_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."space_review_requests"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_tenant_id_guest_author_id_space_guest_reviewers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","guest_author_id") REFERENCES "public"."space_guest_reviewers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_one_author" CHECK (("space_comments"."author_id" is null) <> ("space_comments"."guest_author_id" is null));