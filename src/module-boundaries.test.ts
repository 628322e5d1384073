import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own lint configuration (eslint.config.js), applied to a one-line file at a given place.
const eslint = new ESLint({ cwd: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..') });

async function refusedImport(filePath: string, source: string): Promise<string | undefined> {
  const [result] = await eslint.lintText(`import { value } from '${source}';\nexport { value };\n`, { filePath });
  return result?.messages.find((message) => message.ruleId === 'no-restricted-imports')?.message;
}

describe('module boundaries (lint)', () => {
  it('platform never imports an area, not even its public entry', async () => {
    expect(await refusedImport('src/platform/groups/groups.service.ts', '../../learn/index.js')).toMatch(/platform must not import a product area/);
    expect(await refusedImport('src/platform/groups/groups.service.ts', '../../market/orders/orders.service.js')).toMatch(/platform must not import a product area/);
  });

  it('an area reaches another area only through its index.ts', async () => {
    expect(await refusedImport('src/market/orders/orders.service.ts', '../../learn/enrolments/enrolments.service.js')).toMatch(/only through its public entry/);
    expect(await refusedImport('src/learn/enrolments/enrolments.service.ts', '../../space/library/library.service.js')).toMatch(/only through its public entry/);
    expect(await refusedImport('src/market/orders/orders.service.ts', '../../learn/index.js')).toBeUndefined();
  });

  it('an area reaches a platform module only through its public files', async () => {
    const file = 'src/learn/tracking/tracking.service.ts';
    expect(await refusedImport(file, '../../platform/db/client.js')).toMatch(/only through its public files/);
    expect(await refusedImport(file, '../../platform/identity/api-tokens/token-guard.js')).toMatch(/only through its public files/);
    expect(await refusedImport('src/learn/learn.jobs.ts', '../platform/paths.js')).toMatch(/only through its public files/);
    expect(await refusedImport(file, '../../platform/db/index.js')).toBeUndefined();
    expect(await refusedImport(file, '../../platform/identity/identity.schema.js')).toBeUndefined();
    expect(await refusedImport(file, '../../platform/names/display-name.contract.js')).toBeUndefined();
    expect(await refusedImport('src/learn/tracking/tracking.schema.ts', '../../platform/db/tenant-column.js')).toBeUndefined();
  });

  it('holds in every folder of an area, with no exception (courses/ and content/ too)', async () => {
    expect(await refusedImport('src/learn/courses/courses.service.ts', '../../platform/db/client.js')).toMatch(/only through its public files/);
    expect(await refusedImport('src/learn/content/content.routes.ts', '../../platform/storage/replicated-blob-store.js')).toMatch(/only through its public files/);
    expect(await refusedImport('src/learn/content/content.routes.ts', '../../market/orders/orders.service.js')).toMatch(/only through its public entry/);
  });
});
