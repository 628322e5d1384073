import { Alert, Badge, Button, Checkbox, Group, Loader, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiTokenView, type CreatedApiToken, type TokenScope } from '../shared/api';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../shared/forms/fieldErrors';
import { nameErrors, normaliseName } from '../shared/forms/names';
import { currentLanguage } from '../shared/i18n';
import { ConfirmAction } from '../shared/ui/ConfirmAction';
import { CopyText } from '../shared/ui/CopyText';
import { formatDate, formatDateTime } from '../shared/ui/format';
import { LoadError } from '../shared/ui/LoadError';
import { Section } from '../shared/ui/Section';
import classes from '../shared/ui/ui.module.css';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';
import { SecondFactorInput } from '../shared/password/SecondFactorInput';
import { useSecondFactor } from '../shared/password/useSecondFactor';
import { ACCOUNT_KEYS, createMyToken, fetchMyTokens, revokeMyToken } from './account.api';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_SCOPE_KEYS, TOKEN_SCOPES, tokenState } from './tokenScopes';
import { TableScroller } from '../shared/ui/TableScroller';

export function ApiTokensSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ACCOUNT_KEYS.tokens, queryFn: ({ signal }) => fetchMyTokens(api, signal) });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.tokens });

  return (
    <Section title={t('account.tokens.title')} description={t('account.tokens.description')}>
      {created && (
        <NewTokenPanel
          token={created}
          onDone={() => {
            setCreated(null);
          }}
        />
      )}
      {tokens.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {tokens.error && <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data &&
        (tokens.data.tokens.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('account.tokens.none')}
          </Text>
        ) : (
          <TokensTable tokens={tokens.data.tokens} checkedAt={tokens.dataUpdatedAt} onRevoked={refresh} />
        ))}
      {creating ? (
        <CreateTokenForm
          onCreated={(token) => {
            setCreated(token);
            setCreating(false);
            void refresh();
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      ) : (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            {t('account.tokens.create')}
          </Button>
        </Group>
      )}
    </Section>
  );
}

/** `checkedAt`: when the list was fetched, the moment at which expired is judged. */
function TokensTable({ tokens, checkedAt, onRevoked }: { tokens: readonly ApiTokenView[]; checkedAt: number; onRevoked: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const stateColor = { active: 'green', expired: 'gray', revoked: 'red' } as const;
  return (
    <TableScroller label={t('account.tokens.title')} minWidth={640}>
      <Table striped verticalSpacing="xs">
        <Table.Caption className={classes.visuallyHidden}>{t('account.tokens.title')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('account.tokens.name')}</Table.Th>
            <Table.Th scope="col">{t('account.tokens.scopes')}</Table.Th>
            <Table.Th scope="col">{t('account.tokens.expires')}</Table.Th>
            <Table.Th scope="col">{t('account.tokens.lastUsed')}</Table.Th>
            <Table.Th scope="col">{t('account.tokens.state')}</Table.Th>
            <Table.Th scope="col">
              <span className={classes.visuallyHidden}>{t('app.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => {
            const state = tokenState(token, checkedAt);
            return (
              <Table.Tr key={token.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {token.name}
                  </Text>
                  <Text size="xs" c="dimmed" className={classes.secret}>
                    {token.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{token.scopes.join(', ')}</Text>
                </Table.Td>
                <Table.Td>{formatDate(token.expiresAt, language)}</Table.Td>
                <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, language) : t('account.tokens.never')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={stateColor[state]}>
                    {t(`account.tokens.states.${state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {state === 'active' && (
                    <ConfirmAction
                      label={t('account.tokens.revoke')}
                      ariaLabel={t('account.tokens.revokeNamed', { name: token.name })}
                      title={t('account.tokens.revokeTitle')}
                      body={t('account.tokens.revokeBody', { name: token.name })}
                      confirmLabel={t('account.tokens.revoke')}
                      onConfirm={async () => {
                        await revokeMyToken(api, token.id);
                        await onRevoked();
                      }}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroller>
  );
}

function CreateTokenForm({ onCreated, onCancel }: { onCreated: (token: CreatedApiToken) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [badName, setBadName] = useState<string | undefined>();
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState<number | string>(TOKEN_DEFAULT_DAYS);
  const [password, setPassword] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // A token outlives the session: making one asks for the password (and the code with two-factor sign-in).
  const secondFactor = useSecondFactor();
  const mutation = useMutation({
    mutationFn: () =>
      createMyToken(api, {
        name: normaliseName(name),
        scopes: scopes as TokenScope[],
        expiresInDays: typeof days === 'number' ? days : Number.parseInt(days, 10),
        currentPassword: password,
        ...secondFactor.fields(),
      }),
    onSuccess: onCreated,
    onError: (error) => {
      secondFactor.noteFailure(error);
      if (fieldError(error, 'currentPassword')) passwordRef.current?.focus();
    },
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = nameErrors({ name }, i18n.language).name;
    setBadName(problem);
    if (problem) nameRef.current?.focus();
    else mutation.mutate();
  };
  const failure = mutation.error;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('account.tokens.create')}>
      <Stack gap="md" maw={520}>
        {failure && !namesAnyField(failure, ['name', 'scopes', 'expiresInDays', 'currentPassword', 'code', 'recoveryCode']) && <ErrorAlert error={failure} />}
        <TextInput
          ref={nameRef}
          label={t('account.tokens.name')}
          description={t('account.tokens.nameHint')}
          name="token-name"
          required
          withAsterisk={false}
          autoFocus
          maxLength={100}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
          error={badName ?? fieldError(failure, 'name')}
        />
        <Checkbox.Group
          label={t('account.tokens.scopes')}
          description={t('account.tokens.scopesHint')}
          value={scopes}
          onChange={setScopes}
          error={fieldError(failure, 'scopes', 'scopes.0')}
        >
          <Stack gap="xs" mt="xs">
            {TOKEN_SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={scope} description={t(`account.tokens.scopeHelp.${TOKEN_SCOPE_KEYS[scope]}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <NumberInput
          label={t('account.tokens.days')}
          description={t('account.tokens.daysHint', { max: TOKEN_MAX_DAYS })}
          name="token-days"
          min={1}
          max={TOKEN_MAX_DAYS}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          maw={200}
          value={days}
          onChange={setDays}
          error={fieldError(failure, 'expiresInDays')}
        />
        <Text size="sm">{t('account.tokens.passwordHint')}</Text>
        <CurrentPasswordInput ref={passwordRef} name="token-password" value={password} onChange={setPassword} error={fieldError(failure, 'currentPassword')} />
        <SecondFactorInput state={secondFactor} failure={failure} />
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending}>
            {t('account.tokens.createSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NewTokenPanel({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" role="status" title={t('account.tokens.createdTitle', { name: token.name })}>
      <Stack gap="sm">
        <Text size="sm">{t('account.tokens.createdWarning')}</Text>
        <Text component="code" className={classes.secret} fw={600} aria-label={t('account.tokens.tokenLabel')}>
          {token.token}
        </Text>
        <Group gap="sm">
          <CopyText value={token.token} label={t('account.tokens.copy')} />
          <Button size="xs" variant="default" onClick={onDone}>
            {t('account.tokens.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
