import { readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { is, Table } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The module seam as a process sees it. Each test loads the application afresh (vi.resetModules),
 * so the error catalogue and the listeners start empty, as in a new process, instead of holding
 * what the test setup installed.
 */
async function freshProcess() {
  vi.resetModules();
  return {
    errors: await import('./platform/http/errors.js'),
    testApp: await import('../test/app.js'),
    modules: (await import('./modules.js')).modules,
  };
}

const srcDir = path.dirname(new URL(import.meta.url).pathname);

afterEach(() => {
  vi.resetModules();
});

describe('area modules', () => {
  it('loading a Learn service declares none of its codes; building the app from the module list does', async () => {
    const { errors, testApp } = await freshProcess();
    // The service that throws LEARN_ENROLMENT_NOT_FOUND, loaded alone: nothing joins the catalogue by being imported.
    await import('./learn/enrolments/enrolments.service.js');
    expect(errors.isErrorCode('LEARN_ENROLMENT_NOT_FOUND')).toBe(false);

    const { app, db, close } = await testApp.createTestApp();
    try {
      expect(errors.isErrorCode('LEARN_ENROLMENT_NOT_FOUND')).toBe(true);
      const { host, email, password } = await testApp.createTenantWithUser(db, 'modules-learn');
      const cookie = await testApp.signInCookie(app, host, email, password);
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/learn/enrolments/${randomUUID()}`,
        headers: { host, cookie, 'accept-language': 'de' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'LEARN_ENROLMENT_NOT_FOUND', message: 'Diese Einschreibung gibt es nicht.' });
    } finally {
      await close();
    }
  });

  it('an app built without Learn serves none of its routes and refuses its codes clearly', async () => {
    const { errors, testApp } = await freshProcess();
    const { unenrol } = await import('./learn/enrolments/enrolments.service.js');
    const { app, db, close } = await testApp.createTestApp({ modules: [] });
    try {
      const { tenant, host, email, password } = await testApp.createTenantWithUser(db, 'modules-none');
      const cookie = await testApp.signInCookie(app, host, email, password);
      const res = await app.inject({ method: 'DELETE', url: `/api/learn/enrolments/${randomUUID()}`, headers: { host, cookie } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
      // Nor its settings section, nor its permissions.
      const settings = await app.inject({ method: 'GET', url: '/api/admin/settings', headers: { host, cookie } });
      expect(settings.json()).not.toHaveProperty('notifications');
      expect((await app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host, cookie }, payload: { notifications: { reminderDaysBeforeDue: 5 } } })).statusCode).toBe(400);
      const permissions = await app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host, cookie } });
      expect(permissions.json().permissions.filter((permission: string) => permission.startsWith('learn.'))).toEqual([]);

      expect(() => new errors.AppError('LEARN_ENROLMENT_NOT_FOUND')).toThrow(
        /LEARN_ENROLMENT_NOT_FOUND is not in the catalogue: no platform fragment and no module in the module list \(src\/modules\.ts\) declares it/,
      );
      // A service of the missing area fails at its first refusal, naming the code, instead of answering with a wrong status.
      const context = { tenant, actor: { kind: 'user', userId: randomUUID(), roles: ['admin'] }, user: { id: randomUUID() } as never, client: { ip: '127.0.0.1', userAgent: 'test' }, requestId: 'req-1' } as const;
      await expect(db.withTenant(tenant.id, (tx) => unenrol({ ...context, tx }, randomUUID()))).rejects.toThrow(/LEARN_ENROLMENT_NOT_FOUND is not in the catalogue/);
    } finally {
      await close();
    }
  });

  it('installs a module once, and refuses a second module of the same name, a code taken or a code without the area’s name', async () => {
    const { errors } = await freshProcess();
    const { installModules } = await import('./platform/modules/install-modules.js');
    const widget = { status: 404, en: 'There is no such widget.', de: 'Dieses Widget gibt es nicht.' } as const;
    const widgets = { name: 'widget', errors: { widgetErrors: { WIDGET_NOT_FOUND: widget } }, schema: {} };

    expect(() => new errors.AppError('WIDGET_NOT_FOUND' as never)).toThrow(/WIDGET_NOT_FOUND is not in the catalogue/);
    installModules([widgets]);
    installModules([widgets]);
    expect(new errors.AppError('WIDGET_NOT_FOUND' as never).status).toBe(404);

    expect(() => installModules([widgets, { ...widgets }])).toThrow(/area module widget is in the module list twice/);
    const copycat = { name: 'widget', errors: { widgetErrors: widgets.errors.widgetErrors, moreWidgetErrors: { WIDGET_NOT_FOUND: widget } }, schema: {} };
    expect(() => installModules([copycat])).toThrow(/error code WIDGET_NOT_FOUND is registered twice/);
    const squatter = { name: 'gadget', errors: { gadgetErrors: { GADGET_BROKEN: widget, LEARN_COURSE_GONE: widget } }, schema: {} };
    expect(() => installModules([squatter])).toThrow(/error code LEARN_COURSE_GONE of the area module gadget does not start with GADGET_/);
    expect(errors.isErrorCode('GADGET_BROKEN')).toBe(false);
    expect(() => installModules([{ ...widgets, name: 'Widget Area' }])).toThrow(/name "Widget Area" is not one lower-case word/);

    // Its settings sections and policies carry no other area's or the platform's names either.
    const { defineSettingsSection } = await import('./platform/tenancy/settings-sections.js');
    const { definePolicy } = await import('./platform/access/policy.js');
    const { z } = await import('zod');
    const section = (name: string) => defineSettingsSection(name, z.object({ colour: z.string().default('blue') }));
    expect(() => installModules([{ ...widgets, settings: [section('session')] }])).toThrow(/settings section session is declared twice/);
    installModules([{ ...widgets, settings: [section('widgets')] }]);
    expect(() => installModules([{ ...widgets, name: 'gizmo', errors: {}, settings: [section('widgets')] }])).toThrow(/settings section widgets is declared twice/);
    const foreignPolicy = definePolicy('learn.widgets', { view: { roles: ['admin'] } });
    expect(() => installModules([{ ...widgets, policies: [foreignPolicy] }])).toThrow(/policy learn.widgets of the area module widget does not start with widget\./);
  });

  it('src/schema.ts (what drizzle-kit reads) holds exactly the platform tables and the tables the modules declare', async () => {
    const { modules } = await freshProcess();
    const schema = await import('./schema.js');
    const tablesIn = (exports: Record<string, unknown>) => Object.values(exports).filter((value) => is(value, Table));
    const schemaFilesUnder = (dir: string) =>
      (readdirSync(path.join(srcDir, dir), { recursive: true }) as string[]).filter((file) => file.endsWith('.schema.ts')).map((file) => path.join(srcDir, dir, file));

    const platformTables = new Set<unknown>();
    for (const file of schemaFilesUnder('platform')) for (const table of tablesIn(await import(file))) platformTables.add(table);
    const moduleTables = new Set(modules.flatMap((module) => Object.values(module.schema)));
    expect(moduleTables.size).toBeGreaterThan(0);
    expect(new Set(tablesIn(schema))).toEqual(new Set([...platformTables, ...moduleTables]));

    // Every table of every area's schema files is declared by its module.
    for (const module of modules) {
      const declared = new Set(Object.values(module.schema));
      for (const file of schemaFilesUnder(module.name)) {
        for (const table of tablesIn(await import(file))) expect(declared.has(table), `${file} in ${module.name}.module.ts`).toBe(true);
      }
    }
  });
});
