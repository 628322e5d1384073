import { sql, type SQL } from 'drizzle-orm';
import { containsPattern, queryRows, type Orm } from '../../platform/db/index.js';
import type { CatalogueQuery } from './enrolments.contract.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

const OPEN = sql`c.status = 'published' and c.self_enrolment`;

/** Published courses open to self-enrolment that match the search and category, with the user's enrolment in each (one query). */
export async function listCatalogue(tx: Orm, userId: string, query: CatalogueQuery) {
  const conditions: SQL[] = [OPEN];
  if (query.categoryId) conditions.push(sql`c.category_id = ${query.categoryId}`);
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(sql`(c.title ilike ${pattern} or c.description ilike ${pattern} or cc.name ilike ${pattern}
      or exists (select 1 from unnest(c.tags) as t(tag) where t.tag ilike ${pattern}))`);
  }
  const rows = await queryRows<{
    id: string;
    title: string;
    description: string;
    category_id: string | null;
    category_name: string | null;
    language: string | null;
    enrolment_id: string | null;
    has_cover: boolean;
  }>(
    tx,
    sql`select c.id, c.title, c.description, c.category_id, cc.name as category_name, c.language, e.id as enrolment_id, c.cover_key is not null as has_cover
        from courses c
        left join course_categories cc on cc.id = c.category_id
        left join enrolments e on e.course_id = c.id and e.user_id = ${userId}
        where ${sql.join(conditions, sql` and `)}
        order by lower(c.title), c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category_id && r.category_name !== null ? { id: r.category_id, name: r.category_name } : null,
    language: r.language,
    enrolmentId: r.enrolment_id,
    hasCover: r.has_cover,
  }));
}

/** The categories that have open courses, with how many, in alphabetical order. */
export async function listCatalogueCategories(tx: Orm) {
  return queryRows<{ id: string; name: string; courseCount: number }>(
    tx,
    sql`select cc.id, cc.name, count(*)::int as "courseCount"
        from courses c join course_categories cc on cc.id = c.category_id
        where ${OPEN}
        group by cc.id, cc.name
        order by lower(cc.name), cc.id`,
  );
}
