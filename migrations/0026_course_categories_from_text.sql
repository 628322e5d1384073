-- The free-text category of each course becomes a category of its site: one per distinct name
-- (blanks trimmed, case ignored; the alphabetically first spelling names it), and each course
-- points to its own. Tenant by tenant: row-level security applies to a table owner that is not a
-- superuser. The text column is dropped by the next migration.
DO $$
DECLARE
  tenant uuid;
BEGIN
  FOR tenant IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', tenant::text, true);
    INSERT INTO course_categories (tenant_id, name)
      SELECT DISTINCT ON (lower(btrim(category))) tenant, btrim(category)
      FROM courses
      WHERE tenant_id = tenant AND btrim(coalesce(category, '')) <> ''
      ORDER BY lower(btrim(category)), btrim(category)
      ON CONFLICT DO NOTHING;
    UPDATE courses SET category_id = c.id
      FROM course_categories c
      WHERE courses.tenant_id = tenant AND c.tenant_id = tenant
        AND courses.category_id IS NULL AND lower(c.name) = lower(btrim(courses.category));
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
