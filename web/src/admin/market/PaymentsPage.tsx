import { Badge, Button, Code, Group, List, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { CopyText } from '../../shared/ui/CopyText';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { connectStripe, disconnectStripe, fetchPaymentAccounts, PAYMENT_ACCOUNTS_KEY, type PaymentAccountsView } from './market.api';
import { STRIPE_EVENTS } from './storeWords';

const FIELDS = ['secretKey', 'webhookSecret'];

/** The keys go in, and are never shown again: the fields empty after saving. */
function StripeForm({ connected, onSaved }: { connected: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const [secretKey, setSecretKey] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const mutation = useMutation({
    mutationFn: () => connectStripe(api, { secretKey: secretKey.trim(), webhookSecret: webhookSecret.trim() }),
    onSuccess: () => {
      setSecretKey('');
      setWebhookSecret('');
      onSaved();
    },
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const gaps = { secretKey: secretKey.trim() === '', webhookSecret: webhookSecret.trim() === '' };
    setMissing(gaps);
    if (gaps.secretKey || gaps.webhookSecret) return;
    mutation.mutate();
  };
  const errorOf = (field: 'secretKey' | 'webhookSecret') => (missing[field] ? t('app.required') : fieldError(mutation.error, field));
  return (
    <form onSubmit={onSubmit} noValidate aria-label={connected ? t('market.payments.replaceTitle') : t('market.payments.connectTitle')}>
      <Stack gap="md" maw={560}>
        {mutation.error && !namesAnyField(mutation.error, FIELDS) && <ErrorAlert error={mutation.error} />}
        <PasswordInput
          name="secretKey"
          label={t('market.payments.secretKey')}
          description={t('market.payments.secretKeyHelp')}
          required
          value={secretKey}
          onChange={(event) => {
            setSecretKey(event.currentTarget.value);
          }}
          autoComplete="off"
          spellCheck={false}
          error={errorOf('secretKey')}
          visibilityToggleButtonProps={{ 'aria-label': t('market.payments.showSecret') }}
        />
        <PasswordInput
          name="webhookSecret"
          label={t('market.payments.webhookSecret')}
          description={t('market.payments.webhookSecretHelp')}
          required
          value={webhookSecret}
          onChange={(event) => {
            setWebhookSecret(event.currentTarget.value);
          }}
          autoComplete="off"
          spellCheck={false}
          error={errorOf('webhookSecret')}
          visibilityToggleButtonProps={{ 'aria-label': t('market.payments.showSecret') }}
        />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {connected ? t('market.payments.replace') : t('market.payments.connect')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StripeAccount({ accounts, onChanged }: { accounts: PaymentAccountsView; onChanged: (notice: string) => void }) {
  const { t, i18n } = useTranslation();
  const { stripe } = accounts;
  // Staff under a grant see the account but do not change it: where the money goes is the site's decision.
  const mayConnect = usePermissions().data?.granted.has('market.store.connectPayments') === true;
  return (
    <Stack gap="lg">
      <Section title={t('market.payments.stripe')} description={t('market.payments.stripeHelp')}>
        <Group gap="sm">
          <Text fw={600}>{t('market.payments.status')}</Text>
          <Badge color={stripe.connected ? 'green' : 'gray'} variant="light">
            {stripe.connected ? t('market.payments.connected') : t('market.payments.notConnected')}
          </Badge>
        </Group>
        {stripe.connected && (
          <FactGrid
            cols={{ base: 1, sm: 2 }}
            facts={[
              [t('market.payments.keyHint'), stripe.keyHint ?? '–'],
              [t('market.payments.changedAt'), stripe.changedAt ? formatDateTime(stripe.changedAt, i18n.language) : '–'],
            ]}
          />
        )}
        {stripe.connected && mayConnect && (
          <Group>
            <ConfirmAction
              label={t('market.payments.disconnect')}
              buttonProps={{ size: 'sm' }}
              title={t('market.payments.disconnectTitle')}
              body={t('market.payments.disconnectBody')}
              confirmLabel={t('market.payments.disconnect')}
              onConfirm={async () => {
                await disconnectStripe(api);
                onChanged(t('market.payments.disconnected'));
              }}
            />
          </Group>
        )}
      </Section>

      <Section title={t('market.payments.webhook')} description={t('market.payments.webhookHelp')}>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('market.payments.webhookUrl')}
            value={stripe.webhookUrl}
            readOnly
            spellCheck={false}
            style={{ flex: 1, minWidth: 0 }}
            onFocus={(event) => {
              event.currentTarget.select();
            }}
          />
          <CopyText value={stripe.webhookUrl} label={t('market.payments.copyUrl')} />
        </Group>
        <Text size="sm">{t('market.payments.eventsIntro')}</Text>
        <List size="sm" spacing={2}>
          {STRIPE_EVENTS.map((event) => (
            <List.Item key={event}>
              <Code>{event}</Code>
            </List.Item>
          ))}
        </List>
        <Text size="sm">{t('market.payments.secretAfter')}</Text>
      </Section>

      {mayConnect && (
        <Section title={stripe.connected ? t('market.payments.replaceTitle') : t('market.payments.connectTitle')} description={t('market.payments.keysHelp')}>
          <StripeForm connected={stripe.connected} onSaved={() => onChanged(t('market.payments.saved'))} />
        </Section>
      )}
    </Stack>
  );
}

/** `/market/payments`: Stripe for card payments — connected or not, the webhook to register there, the keys. */
export function PaymentsPage() {
  const { t } = useTranslation();
  usePageTitle(`${t('market.payments.title')} – ${t('market.title')}`);
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const accounts = useQuery({ queryKey: PAYMENT_ACCOUNTS_KEY, queryFn: ({ signal }) => fetchPaymentAccounts(api, signal) });
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('market.payments.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('market.payments.intro')}
        </Text>
      </div>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {accounts.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {accounts.error && <LoadError error={accounts.error} onRetry={() => void accounts.refetch()} />}
      {accounts.data && (
        <StripeAccount
          accounts={accounts.data}
          onChanged={(text) => {
            setNotice(text);
            void queryClient.invalidateQueries({ queryKey: PAYMENT_ACCOUNTS_KEY });
          }}
        />
      )}
    </Stack>
  );
}
