import { Button, ColorSwatch, FileInput, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contrastRatio } from '../../../../src/platform/branding/contrast';
import { api, type TenantSettings } from '../../shared/api';
import { useSession } from '../../shared/auth/AuthContext';
import { BRANDING_KEY, removeLogo, uploadLogo, useBranding } from '../../shared/branding/branding.api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { Section } from '../../shared/ui/Section';
import { patchSettings, SETTINGS_KEY } from '../settings/settings.api';

type BrandingForm = Pick<TenantSettings['branding'], 'siteName' | 'primaryColour' | 'mailSenderName'>;
const FIELDS = ['siteName', 'primaryColour', 'mailSenderName'] as const;
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

/** The site's name, colour, e-mail sender name and logo. */
export function BrandingPanel({ settings }: { settings: TenantSettings }) {
  return (
    <Stack gap="lg">
      <IdentityForm settings={settings} />
      <LogoSection />
    </Stack>
  );
}

function IdentityForm({ settings }: { settings: TenantSettings }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<BrandingForm>(() => ({ siteName: settings.branding.siteName, primaryColour: settings.branding.primaryColour, mailSenderName: settings.branding.mailSenderName }));
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: (branding: BrandingForm) => patchSettings(api, { branding }),
    onSuccess: async (next) => {
      queryClient.setQueryData(SETTINGS_KEY, next);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: BRANDING_KEY });
    },
  });
  const errorOf = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, `branding.${field}`);
  const update = (field: (typeof FIELDS)[number], value: string) => {
    setSaved(false);
    setForm((previous) => ({ ...previous, [field]: value }));
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(form);
  };
  const colour = form.primaryColour.trim();
  const ratio = HEX_COLOUR.test(colour) ? contrastRatio('#ffffff', colour).toLocaleString(i18n.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('branding.identity.title')}>
      <Section title={t('branding.identity.title')} description={t('branding.identity.description')}>
        <TextInput
          name="branding.siteName"
          label={t('branding.identity.siteName')}
          description={t('branding.identity.siteNameHelp', { name: session.tenant.name })}
          value={form.siteName}
          onChange={(event) => update('siteName', event.currentTarget.value)}
          error={errorOf('siteName')}
          maxLength={200}
        />
        <TextInput
          name="branding.primaryColour"
          label={t('branding.identity.primaryColour')}
          description={ratio ? `${t('branding.identity.primaryColourHelp')} ${t('branding.identity.contrast', { ratio })}` : t('branding.identity.primaryColourHelp')}
          placeholder="#1864ab"
          value={form.primaryColour}
          onChange={(event) => update('primaryColour', event.currentTarget.value)}
          error={errorOf('primaryColour')}
          leftSection={HEX_COLOUR.test(colour) ? <ColorSwatch color={colour} size={18} aria-label={t('branding.identity.swatch', { colour })} role="img" /> : null}
          spellCheck={false}
          autoComplete="off"
        />
        <TextInput
          name="branding.mailSenderName"
          label={t('branding.identity.mailSenderName')}
          description={t('branding.identity.mailSenderNameHelp')}
          value={form.mailSenderName}
          onChange={(event) => update('mailSenderName', event.currentTarget.value)}
          error={errorOf('mailSenderName')}
          maxLength={200}
        />
        {mutation.error && !namesAnyField(mutation.error, FIELDS.map((field) => `branding.${field}`)) && <ErrorAlert error={mutation.error} />}
        {saved && <SuccessNote>{t('branding.identity.saved')}</SuccessNote>}
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t('branding.identity.save')}
          </Button>
        </Group>
      </Section>
    </form>
  );
}

function LogoSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const branding = useBranding();
  const [note, setNote] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async (file: File | null) => {
      if (file) await uploadLogo(api, file);
      else await removeLogo(api);
      return file ? t('branding.logo.uploaded') : t('branding.logo.removed');
    },
    onMutate: () => {
      setNote(null);
    },
    onSuccess: async (done) => {
      setNote(done);
      await Promise.all([queryClient.invalidateQueries({ queryKey: BRANDING_KEY }), queryClient.invalidateQueries({ queryKey: SETTINGS_KEY })]);
    },
  });
  const logo = branding.data?.logo;

  return (
    <Section title={t('branding.logo.title')} description={t('branding.logo.description')}>
      {logo ? <Image src={logo.url} alt={branding.data?.siteName ?? ''} maw={320} mah={120} w="auto" fit="contain" /> : <Text c="dimmed">{t('branding.logo.none')}</Text>}
      {mutation.error && <ErrorAlert error={mutation.error} />}
      {note && <SuccessNote>{note}</SuccessNote>}
      <Group align="flex-end" gap="sm">
        <FileInput
          label={t('branding.logo.choose')}
          accept="image/png,image/jpeg,image/webp"
          disabled={mutation.isPending}
          value={null}
          onChange={(file) => {
            if (file) mutation.mutate(file);
          }}
          w={360}
        />
        {logo && (
          <Button variant="default" loading={mutation.isPending} onClick={() => mutation.mutate(null)}>
            {t('branding.logo.remove')}
          </Button>
        )}
      </Group>
    </Section>
  );
}
