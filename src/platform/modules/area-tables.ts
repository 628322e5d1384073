import { is, Table } from 'drizzle-orm';

/** The tables among a feature's schema exports (which also hold enums and constants), for AreaModule.schema. */
export function tablesOf(...schemaFiles: Readonly<Record<string, unknown>>[]): Record<string, Table> {
  const tables: Record<string, Table> = {};
  for (const file of schemaFiles) {
    for (const [name, value] of Object.entries(file)) {
      if (!is(value, Table)) continue;
      if (tables[name] && tables[name] !== value) throw new Error(`two tables are exported as ${name}`);
      tables[name] = value;
    }
  }
  return tables;
}
