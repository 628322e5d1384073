import { Button, Checkbox, Code, Group, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId } from '@mantine/hooks';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CreatedLrsKey } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { createLrsKey } from './lrs.api';
import { DEFAULT_LRS_SCOPES, LRS_SCOPE_KEYS, LRS_SCOPES, newLrsKeyProblems, orderLrsScopes } from './lrsScopes';

// The server names a refused scope by its place in the list (`scopes.2`).
const SCOPE_FIELDS = ['scopes', ...LRS_SCOPES.map((_, index) => `scopes.${String(index)}`)];
const FIELDS = ['name', ...SCOPE_FIELDS];

/** A new key: its name and what it may do (write statements and read its own, unless chosen otherwise). */
export function NewLrsKeyForm({ onCreated, onCancel }: { onCreated: (key: CreatedLrsKey) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([...DEFAULT_LRS_SCOPES]);
  // Once a submit was refused here, the problems follow the fields as they change.
  const [checked, setChecked] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const firstScopeRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: () => createLrsKey(api, { name: name.trim(), scopes: orderLrsScopes(scopes) }),
    onSuccess: onCreated,
    onError: (error) => {
      if (fieldError(error, 'name')) nameRef.current?.focus();
      else if (fieldError(error, ...SCOPE_FIELDS)) firstScopeRef.current?.focus();
    },
  });
  const problems = checked ? newLrsKeyProblems({ name, scopes }) : {};

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = newLrsKeyProblems({ name, scopes });
    setChecked(true);
    if (found.name) nameRef.current?.focus();
    else if (found.scopes) firstScopeRef.current?.focus();
    else mutation.mutate();
  };
  const failure = mutation.error;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <Stack gap="md" maw={620}>
        <Title order={3} size="h4" id={headingId}>
          {t('lrs.form.title')}
        </Title>
        {failure && !namesAnyField(failure, FIELDS) && <ErrorAlert error={failure} />}
        <TextInput
          ref={nameRef}
          label={t('lrs.form.name')}
          description={t('lrs.form.nameHint')}
          name="lrs-key-name"
          required
          withAsterisk={false}
          autoFocus
          maxLength={100}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
          error={problems.name ? t('app.required') : fieldError(failure, 'name')}
        />
        <Checkbox.Group
          label={t('lrs.form.scopes')}
          description={t('lrs.form.scopesHint')}
          value={scopes}
          onChange={setScopes}
          error={problems.scopes ? t('lrs.form.scopesRequired') : fieldError(failure, ...SCOPE_FIELDS)}
        >
          <Stack gap="xs" mt="xs">
            {LRS_SCOPES.map((scope, index) => (
              <Checkbox
                key={scope}
                ref={index === 0 ? firstScopeRef : undefined}
                value={scope}
                label={t(`lrs.scopes.${LRS_SCOPE_KEYS[scope]}`)}
                description={<Code>{scope}</Code>}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending}>
            {t('lrs.form.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
