-- A user's roles are stored each once, in the order admin, manager, instructor, learner (the
-- application writes them so: canonicalRoles). Rows written before are brought into that form,
-- tenant by tenant (row-level security applies to a table owner that is not a superuser), and a
-- check keeps duplicates out whatever writes the row.
DO $$
DECLARE
  tenant uuid;
BEGIN
  FOR tenant IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', tenant::text, true);
    UPDATE users
      SET roles = ARRAY(
        SELECT role FROM (SELECT DISTINCT unnest(users.roles) AS role) AS distinct_roles
        ORDER BY array_position(ARRAY['admin', 'manager', 'instructor', 'learner']::text[], role) NULLS LAST, role
      )
      WHERE cardinality(roles) > 1;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION lectern_roles_distinct(roles text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT count(*) = count(DISTINCT role) FROM unnest(roles) AS role $$;
--> statement-breakpoint
ALTER TABLE users ADD CONSTRAINT users_roles_distinct CHECK (lectern_roles_distinct(roles));
