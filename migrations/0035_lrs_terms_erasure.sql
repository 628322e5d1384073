-- A statement's terms carry no foreign key to tenants (its check would run for every term row
-- stored), so no cascade removes them: a tenant's deletion does, before its row goes. Row-level
-- security (forced, also for the owner) admits only the current tenant's rows, so the tenant is
-- set for the delete and the earlier setting put back.
CREATE FUNCTION lrs_delete_tenant_statement_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text := current_setting('app.tenant_id', true);
BEGIN
  PERFORM set_config('app.tenant_id', OLD.id::text, true);
  DELETE FROM xapi_statement_terms WHERE tenant_id = OLD.id;
  PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER lrs_statement_terms_erasure BEFORE DELETE ON tenants
  FOR EACH ROW EXECUTE FUNCTION lrs_delete_tenant_statement_terms();
