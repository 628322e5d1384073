ALTER TABLE "xapi_statement_terms" DROP CONSTRAINT "xapi_statement_terms_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "xapi_statement_terms" DROP COLUMN "statement_id";