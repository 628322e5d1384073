import { describe, expect, it } from 'vitest';
import { AppError, catalogueEntry, registerErrors, registeredErrors, type ErrorCode } from './errors.js';

describe('error catalogue (platform)', () => {
  it('takes an area’s fragments once, and refuses a fragment or a code registered twice', () => {
    const widgets = { WIDGET_TEST_MISSING: { status: 404, en: 'The widget was not found.', de: 'Das Widget wurde nicht gefunden.' } };
    registerErrors({ widgetTestErrors: widgets });
    registerErrors({ widgetTestErrors: widgets });
    expect(catalogueEntry('WIDGET_TEST_MISSING' as ErrorCode).status).toBe(404);
    expect(() => registerErrors({ widgetTestErrors: { ...widgets } })).toThrow(/fragment widgetTestErrors is registered twice/);
    expect(() => registerErrors({ otherTestErrors: { HTTP_NOT_FOUND: widgets.WIDGET_TEST_MISSING } })).toThrow(/code HTTP_NOT_FOUND is registered twice/);
    expect(registeredErrors().fragments).not.toHaveProperty('otherTestErrors');
  });

  it('an error with a code nobody declared is refused where it is made, naming the code and the module list', () => {
    expect(() => new AppError('NOBODY_REGISTERED_THIS' as ErrorCode)).toThrow(/NOBODY_REGISTERED_THIS is not in the catalogue.*src\/modules\.ts/);
    expect(() => catalogueEntry('NOBODY_REGISTERED_THIS' as ErrorCode)).toThrow(/NOBODY_REGISTERED_THIS is not in the catalogue/);
    expect(new AppError('HTTP_NOT_FOUND').status).toBe(404);
  });
});
