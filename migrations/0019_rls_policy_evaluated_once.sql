-- The tenant isolation policies read the request's tenant through a scalar subquery, so
-- PostgreSQL evaluates it once per statement (an InitPlan) instead of once per row: a dashboard
-- over 100,000 enrolments spent half its time re-reading the setting, and a filtered subquery
-- under the per-row form could be planned as a loop. Same rule, same result.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = current_schema() AND policyname = 'tenant_isolation' LOOP
    EXECUTE format(
      'ALTER POLICY tenant_isolation ON %I USING (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) WITH CHECK (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid))',
      t.tablename
    );
  END LOOP;
END
$$;
