import { Alert, Button, Checkbox, Code, FileInput, Group, List, Radio, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type Ref, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, type ImportResult } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { CopyText } from '../../shared/ui/CopyText';
import { Section } from '../../shared/ui/Section';
import classes from '../../shared/ui/ui.module.css';
import { importProblems, isImportColumn, type ImportProblem } from './csvErrors';
import { importUsersCsv, type ExistingUsers } from './users.api';
import { TableScroller } from '../../shared/ui/TableScroller';

/** Largest file the server takes (2 MiB). */
const MAX_BYTES = 2 * 1024 * 1024;

const EXAMPLE = 'email,first name,last name,roles\nada@example.com,Ada,Lovelace,learner\ngrace@example.com,Grace,Hopper,instructor;manager';

/** CSV import, all or nothing: on any bad line nothing is created and each problem is listed with its line. */
export function ImportUsersPanel({ onImported, onClose }: { onImported: (result: ImportResult) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [invite, setInvite] = useState(true);
  const [existing, setExisting] = useState<ExistingUsers>('refuse');
  const problemsRef = useRef<HTMLDivElement>(null);
  const mutation = useMutation({
    mutationFn: async ({ chosen, sendInvitations, whenExisting }: { chosen: File; sendInvitations: boolean; whenExisting: ExistingUsers }) =>
      importUsersCsv(api, await chosen.text(), sendInvitations, whenExisting),
    onSuccess: onImported,
  });

  const failure = mutation.error;
  const problems = useMemo(
    () => (isApiError(failure) && failure.code === 'USER_IMPORT_INVALID' ? importProblems(failure.fields) : undefined),
    [failure],
  );
  useEffect(() => {
    if (problems) problemsRef.current?.focus();
  }, [problems]);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFileError(null);
    if (!file) {
      setFileError(t('users.import.chooseFile'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError(t('users.import.tooLarge'));
      return;
    }
    mutation.mutate({ chosen: file, sendInvitations: invite, whenExisting: existing });
  };

  return (
    <Section title={t('users.import.title')} description={t('users.import.description')}>
      <Text size="sm">{t('users.import.columns')}</Text>
      <Code block>{EXAMPLE}</Code>
      <form onSubmit={onSubmit} noValidate aria-label={t('users.import.title')}>
        <Stack gap="md">
          <FileInput
            label={t('users.import.file')}
            placeholder={t('users.import.placeholder')}
            accept=".csv,text/csv"
            name="csv"
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              setFileError(null);
              mutation.reset();
            }}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': t('users.import.clear') }}
            maw={420}
          />
          <Checkbox
            label={t('users.import.invite')}
            description={t('users.import.inviteHelp')}
            checked={invite}
            onChange={(event) => {
              setInvite(event.currentTarget.checked);
            }}
          />
          <Radio.Group label={t('users.import.existing.label')} value={existing} onChange={(value) => setExisting(value as ExistingUsers)}>
            <Stack gap={6} mt={6}>
              {(['refuse', 'skip', 'update'] as const).map((choice) => (
                <Radio key={choice} value={choice} label={t(`users.import.existing.${choice}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Group gap="sm">
            <Button type="submit" loading={mutation.isPending}>
              {t('users.import.submit')}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t('app.close')}
            </Button>
          </Group>
        </Stack>
      </form>
      {mutation.isSuccess && (
        <SuccessNote title={t('users.import.done', { count: mutation.data.created })}>
          {mutation.data.updated > 0 && <Text size="sm">{t('users.import.updated', { count: mutation.data.updated })}</Text>}
          {mutation.data.skipped > 0 && <Text size="sm">{t('users.import.skipped', { count: mutation.data.skipped })}</Text>}
          {mutation.data.mail === 'off' ? (
            <ImportedLinks users={mutation.data.users} />
          ) : (
            <List size="sm">
              {mutation.data.users.map((user) => (
                <List.Item key={user.id}>{user.email}</List.Item>
              ))}
            </List>
          )}
        </SuccessNote>
      )}
      {problems ? (
        <ImportProblems problems={problems} message={failure?.message ?? ''} focusRef={problemsRef} />
      ) : (
        <ErrorAlert error={failure} />
      )}
    </Section>
  );
}

/** Mail is off: each new user's invitation link, to copy and pass on (as after a single invitation). */
function ImportedLinks({ users }: { users: ImportResult['users'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Alert color="yellow" title={t('users.mailOff.title')}>
        {t('users.import.links')}
      </Alert>
      <TableScroller label={t('users.import.linksCaption')} minWidth={320}>
        <Table>
          <Table.Caption>{t('users.import.linksCaption')}</Table.Caption>
          <Table.Tbody>
            {users.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>{user.link && <CopyText value={user.link} label={t('users.import.copyFor', { email: user.email })} />}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroller>
    </Stack>
  );
}

function ImportProblems({ problems, message, focusRef }: { problems: ImportProblem[]; message: string; focusRef: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  const column = (name: string) => (isImportColumn(name) ? t(`users.import.column.${name}`) : name === 'file' ? t('users.import.wholeFile') : name);
  return (
    <Stack gap="sm">
      <Alert ref={focusRef} tabIndex={-1} color="red" role="alert" title={t('users.import.refused')} className={classes.focusable}>
        {message} {t('users.import.nothingCreated', { count: problems.length })}
      </Alert>
      <TableScroller label={t('users.import.problemsCaption')} minWidth={480}>
        <Table striped withTableBorder verticalSpacing="xs">
          <Table.Caption className={classes.visuallyHidden}>{t('users.import.problemsCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.import.line')}</Table.Th>
              <Table.Th scope="col">{t('users.import.field')}</Table.Th>
              <Table.Th scope="col">{t('users.import.problem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((problem, index) => (
              <Table.Tr key={`${String(problem.line)}-${problem.column}-${String(index)}`}>
                <Table.Td>{problem.line ?? '–'}</Table.Td>
                <Table.Td>{column(problem.column)}</Table.Td>
                <Table.Td>{problem.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroller>
    </Stack>
  );
}
