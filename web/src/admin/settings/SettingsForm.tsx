import { Anchor, Button, Checkbox, Collapse, Group, NativeSelect, NumberInput, Radio, SimpleGrid, Stack, Switch, TagsInput, Text } from '@mantine/core';
import { useScrollToHash } from '../../shared/ui/useScrollToHash';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, type TenantSettings } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { Section } from '../../shared/ui/Section';
import { RoleCheckboxes } from '../users/RoleCheckboxes';
import { INTRUSION_FIELDS, INTRUSION_LIMITS, NOTIFICATION_LIMITS, PASSWORD_LIMITS, SECURITY_LIMITS, SESSION_LIMITS } from './limits';
import { patchSettings, SETTINGS_KEY } from './settings.api';
import { CUSTOM_POLICY_FIELDS, formOf, isEmptyPatch, settingsPatch, type FormProblems, type SettingsForm as Form } from './settingsForm';

const PRESETS = ['default', 'nist', 'custom'] as const;
const LOCALES = ['en', 'de'] as const;

/** The site's settings; saving sends only what changed. */
export function SettingsForm({ settings }: { settings: TenantSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(settings));
  const [problems, setProblems] = useState<FormProblems>({});
  const [advanced, setAdvanced] = useState(false);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const mutation = useMutation({
    mutationFn: (patch: Parameters<typeof patchSettings>[1]) => patchSettings(api, patch),
    onSuccess: (next) => {
      queryClient.setQueryData(SETTINGS_KEY, next);
      setForm(formOf(next));
      setSaved(true);
    },
    onError: (error) => {
      const first = isApiError(error) ? error.fields[0]?.field : undefined;
      if (first) focusField(first);
    },
  });

  /** To a field with a message, opening the advanced part when it is there. */
  function focusField(path: string) {
    if (path.startsWith('intrusion.')) setAdvanced(true);
    window.setTimeout(() => {
      formRef.current?.querySelector<HTMLInputElement>(`[name="${CSS.escape(path)}"]`)?.focus();
    }, 0);
  }

  // A link to a part of the page (#content-origins from a package's warnings) lands there once the form is shown.
  useScrollToHash();

  const failure = mutation.error;

  const { patch } = settingsPatch(settings, form);
  const dirty = !isEmptyPatch(patch);

  const update = <S extends keyof Form>(section: S, value: Form[S]) => {
    setSaved(false);
    setForm((previous) => ({ ...previous, [section]: value }));
  };

  const errorOf = (path: string) => {
    const problem = problems[path];
    if (problem) return t(`settings.problems.${problem}`);
    return fieldError(failure, path);
  };

  const numberInput = (section: 'session' | 'passwordPolicy' | 'intrusion' | 'notifications' | 'security', key: string, limits: { min: number; max: number; step?: number }) => {
    const path = `${section}.${key}`;
    const values = form[section] as Record<string, unknown>;
    return (
      <NumberInput
        key={path}
        name={path}
        label={t(`settings.fields.${path}` as 'settings.fields.session.idleMinutes')}
        description={t('settings.range', { min: limits.min, max: limits.max })}
        min={limits.min}
        max={limits.max}
        step={limits.step ?? 1}
        allowDecimal={limits.step !== undefined && !Number.isInteger(limits.step)}
        allowNegative={false}
        clampBehavior="none"
        value={values[key] as number | string}
        onChange={(value) => {
          update(section, { ...form[section], [key]: value } as Form[typeof section]);
        }}
        error={errorOf(path)}
      />
    );
  };

  /** A list of names (e-mail domains, content origins); the server names each refused entry by its place in the list. */
  const listInput = <S extends 'registration' | 'content'>(section: S, key: keyof Form[S] & string, maxTags: number, texts: { help: string; placeholder: string }) => {
    const path = `${section}.${key}`;
    const values = (form[section] as Record<string, unknown>)[key] as string[];
    return (
      <TagsInput
        name={path}
        label={t(`settings.fields.${path}` as 'settings.fields.registration.allowedDomains')}
        description={t(texts.help as 'settings.registration.domainsHelp')}
        placeholder={t(texts.placeholder as 'settings.registration.domainsPlaceholder')}
        value={values}
        splitChars={[',', ' ', ';']}
        maxTags={maxTags}
        onChange={(entries) => {
          update(section, { ...form[section], [key]: entries });
        }}
        error={fieldError(failure, ...values.map((_, i) => `${path}.${i}`), path)}
        maw={520}
      />
    );
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    mutation.reset();
    const verdict = settingsPatch(settings, form);
    setProblems(verdict.problems);
    const firstProblem = Object.keys(verdict.problems)[0];
    if (firstProblem) {
      focusField(firstProblem);
      return;
    }
    if (isEmptyPatch(verdict.patch)) return;
    mutation.mutate(verdict.patch);
  };

  // Refused fields are shown at the fields (whatever the code: a refused content origin has its own).
  const generalFailure = failure && !(isApiError(failure) && failure.status === 400 && failure.fields.length > 0);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t('settings.title')}>
      <Stack gap="lg">
        <Section title={t('settings.sessions.title')} description={t('settings.sessions.description')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {numberInput('session', 'idleMinutes', SESSION_LIMITS.idleMinutes)}
            {numberInput('session', 'absoluteHours', SESSION_LIMITS.absoluteHours)}
          </SimpleGrid>
        </Section>

        <Section title={t('settings.passwords.title')} description={t('settings.passwords.description')}>
          <Radio.Group
            name="passwordPolicy.preset"
            label={t('settings.passwords.preset')}
            value={form.passwordPolicy.preset}
            onChange={(value) => {
              const preset = PRESETS.find((p) => p === value) ?? 'default';
              update('passwordPolicy', { ...form.passwordPolicy, preset });
            }}
            error={errorOf('passwordPolicy.preset')}
          >
            <Stack gap="sm" mt="xs">
              {PRESETS.map((preset) => (
                <Radio key={preset} value={preset} label={t(`settings.passwords.presets.${preset}`)} description={t(`settings.passwords.presetHelp.${preset}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {form.passwordPolicy.preset === 'custom' && (
            <Stack gap="sm">
              {numberInput('passwordPolicy', 'minLength', PASSWORD_LIMITS.minLength)}
              {CUSTOM_POLICY_FIELDS.filter((key) => key !== 'minLength').map((key) => (
                <Checkbox
                  key={key}
                  name={`passwordPolicy.${key}`}
                  label={t(`settings.fields.passwordPolicy.${key}`)}
                  checked={form.passwordPolicy[key]}
                  onChange={(event) => {
                    update('passwordPolicy', { ...form.passwordPolicy, [key]: event.currentTarget.checked });
                  }}
                  error={errorOf(`passwordPolicy.${key}`)}
                />
              ))}
            </Stack>
          )}
        </Section>

        <Section title={t('settings.registration.title')} description={t('settings.registration.description')}>
          <Switch
            name="registration.open"
            label={t('settings.fields.registration.open')}
            description={t('settings.registration.openHelp')}
            checked={form.registration.open}
            onChange={(event) => {
              update('registration', { ...form.registration, open: event.currentTarget.checked });
            }}
            error={errorOf('registration.open')}
          />
          {listInput('registration', 'allowedDomains', 50, { help: 'settings.registration.domainsHelp', placeholder: 'settings.registration.domainsPlaceholder' })}
        </Section>

        <Section title={t('settings.notifications.title')} description={t('settings.notifications.description')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>{numberInput('notifications', 'reminderDaysBeforeDue', NOTIFICATION_LIMITS.reminderDaysBeforeDue)}</SimpleGrid>
        </Section>

        <Section id="content-origins" title={t('settings.content.title')} description={t('settings.content.description')}>
          {listInput('content', 'allowedOrigins', 20, { help: 'settings.content.originsHelp', placeholder: 'settings.content.originsPlaceholder' })}
        </Section>

        <Section title={t('settings.security.title')}>
          <Switch
            name="security.forceHttps"
            label={t('settings.fields.security.forceHttps')}
            description={t('settings.security.forceHttpsHelp')}
            checked={form.security.forceHttps}
            onChange={(event) => {
              update('security', { ...form.security, forceHttps: event.currentTarget.checked });
            }}
            error={errorOf('security.forceHttps')}
          />
          <RoleCheckboxes
            label={t('settings.fields.security.requireMfaFor')}
            description={t('settings.security.requireMfaHelp')}
            value={form.security.requireMfaFor}
            onChange={(requireMfaFor) => {
              update('security', { ...form.security, requireMfaFor });
            }}
            error={errorOf('security.requireMfaFor')}
          />
          <Switch
            name="security.staffAccessNeedsApproval"
            label={t('settings.fields.security.staffAccessNeedsApproval')}
            description={t('settings.security.staffAccessHelp')}
            checked={form.security.staffAccessNeedsApproval}
            onChange={(event) => {
              update('security', { ...form.security, staffAccessNeedsApproval: event.currentTarget.checked });
            }}
            error={errorOf('security.staffAccessNeedsApproval')}
          />
          {numberInput('security', 'auditRetentionDays', SECURITY_LIMITS.auditRetentionDays)}
          <Text size="xs" c="dimmed" mt={-8}>
            {t('settings.security.auditRetentionHelp')}
          </Text>
          <NativeSelect
            name="locale"
            label={t('settings.fields.locale')}
            description={t('settings.security.localeHelp')}
            value={form.locale}
            onChange={(event) => {
              const locale = LOCALES.find((l) => l === event.currentTarget.value) ?? form.locale;
              setSaved(false);
              setForm((previous) => ({ ...previous, locale }));
            }}
            data={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
            error={errorOf('locale')}
            maw={280}
          />
        </Section>

        <Section title={t('settings.advanced.title')} description={t('settings.advanced.description')}>
          <Group>
            <Anchor
              component="button"
              type="button"
              onClick={() => {
                setAdvanced((open) => !open);
              }}
              aria-expanded={advanced}
              aria-controls="settings-advanced"
            >
              {advanced ? t('settings.advanced.hide') : t('settings.advanced.show')}
            </Anchor>
          </Group>
          <Collapse expanded={advanced} id="settings-advanced">
            <SimpleGrid cols={{ base: 1, sm: 2 }} pt="sm">
              {INTRUSION_FIELDS.map((key) => numberInput('intrusion', key, INTRUSION_LIMITS[key]))}
            </SimpleGrid>
          </Collapse>
        </Section>

        {generalFailure && <ErrorAlert error={failure} />}
        {isApiError(failure) && !generalFailure && (
          <Text c="red" size="sm" role="alert">
            {failure.message}
          </Text>
        )}
        {saved && !dirty && <SuccessNote>{t('settings.saved')}</SuccessNote>}
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending} disabled={!dirty}>
            {t('app.save')}
          </Button>
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setForm(formOf(settings));
              setProblems({});
              mutation.reset();
            }}
          >
            {t('settings.discard')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
