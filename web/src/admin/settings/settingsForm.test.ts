import { describe, expect, it } from 'vitest';
import type { TenantSettings } from '../../shared/api';
import { formOf, isEmptyPatch, settingsPatch } from './settingsForm';

const settings: TenantSettings = {
  locale: 'en',
  passwordPolicy: { preset: 'default', minLength: 8, requireUppercase: true, requireLowercase: false, requireDigit: true, requireSymbol: false },
  session: { idleMinutes: 20, absoluteHours: 12 },
  security: { forceHttps: true, requireMfaFor: [], auditRetentionDays: 365, staffAccessNeedsApproval: false },
  registration: { open: false, allowedDomains: [] },
  content: { allowedOrigins: [] },
  branding: { siteName: '', primaryColour: '', mailSenderName: '' },
  intrusion: {
    accountIpMaxFailures: 5,
    accountIpWindowMinutes: 15,
    ipMaxFailures: 20,
    ipWindowMinutes: 10,
    stuffingMaxAccounts: 10,
    stuffingWindowMinutes: 10,
    accountMaxFailures: 100,
    accountWindowMinutes: 60,
    banMinutes: 15,
    banGrowthFactor: 2,
    banMaxMinutes: 1440,
  },
  notifications: { reminderDaysBeforeDue: 3 },
};

describe('settingsPatch', () => {
  it('is empty when nothing changed', () => {
    const { patch, problems } = settingsPatch(settings, formOf(settings));
    expect(isEmptyPatch(patch)).toBe(true);
    expect(problems).toEqual({});
  });

  it('sends only the changed fields, section by section', () => {
    const form = formOf(settings);
    form.session.idleMinutes = 5;
    form.security.requireMfaFor = ['admin', 'manager'];
    form.notifications.reminderDaysBeforeDue = '7';
    form.locale = 'de';
    expect(settingsPatch(settings, form)).toEqual({
      patch: { locale: 'de', session: { idleMinutes: 5 }, security: { requireMfaFor: ['admin', 'manager'] }, notifications: { reminderDaysBeforeDue: 7 } },
      problems: {},
    });
  });

  it('sends the allowed content origins as a whole list when one is added or removed', () => {
    const stored = { ...settings, content: { allowedOrigins: ['https://cdn.example.com'] } };
    const form = formOf(stored);
    form.content.allowedOrigins = ['https://cdn.example.com', 'https://fonts.example.net'];
    expect(settingsPatch(stored, form).patch).toEqual({ content: { allowedOrigins: ['https://cdn.example.com', 'https://fonts.example.net'] } });
    form.content.allowedOrigins = [];
    expect(settingsPatch(stored, form).patch).toEqual({ content: { allowedOrigins: [] } });
  });

  it('does not send the same roles chosen again, as a new list', () => {
    const stored = { ...settings, security: { forceHttps: true, requireMfaFor: ['admin' as const], auditRetentionDays: 365, staffAccessNeedsApproval: false } };
    const form = formOf(stored);
    form.security.requireMfaFor = ['admin'];
    expect(isEmptyPatch(settingsPatch(stored, form).patch)).toBe(true);
  });

  it('reads numbers as typed and does not send a value equal to the stored one', () => {
    const form = formOf(settings);
    form.session.absoluteHours = '24';
    form.session.idleMinutes = '20';
    form.intrusion.banGrowthFactor = 1.5;
    expect(settingsPatch(settings, form).patch).toEqual({ session: { absoluteHours: 24 }, intrusion: { banGrowthFactor: 1.5 } });
  });

  it('reports empty and unreadable numbers instead of sending them', () => {
    const form = formOf(settings);
    form.session.idleMinutes = '';
    form.intrusion.banMinutes = '1e';
    const { patch, problems } = settingsPatch(settings, form);
    expect(problems).toEqual({ 'session.idleMinutes': 'required', 'intrusion.banMinutes': 'number' });
    expect(patch).toEqual({});
  });

  it('sends the custom policy fields only with the custom preset', () => {
    const form = formOf(settings);
    form.passwordPolicy.minLength = 12;
    form.passwordPolicy.requireSymbol = true;
    form.passwordPolicy.preset = 'nist';
    expect(settingsPatch(settings, form).patch).toEqual({ passwordPolicy: { preset: 'nist' } });
    form.passwordPolicy.preset = 'custom';
    expect(settingsPatch(settings, form).patch).toEqual({ passwordPolicy: { preset: 'custom', minLength: 12, requireSymbol: true } });
  });

  it('does not judge a hidden custom field', () => {
    const form = formOf(settings);
    form.passwordPolicy.minLength = '';
    expect(settingsPatch(settings, form).problems).toEqual({});
  });
});
