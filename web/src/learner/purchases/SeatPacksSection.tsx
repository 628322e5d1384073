import { Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { assignSeats, emailsError, fetchMySeatPacks, MY_SEAT_PACKS_KEY, parseEmails, takeSeatBack, type SeatHolder, type SeatPackView } from './seat-packs.api';

function holderName(holder: SeatHolder): string {
  return `${holder.firstName} ${holder.lastName}`.trim() || holder.email;
}

/** The form that gives seats of one pack to people by e-mail; a refusal is shown at the field. */
function GiveSeatsForm({ pack, onGiven }: { pack: SeatPackView; onGiven: (packs: SeatPackView[], emails: string[]) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const give = useMutation({
    mutationFn: (emails: string[]) => assignSeats(api, pack.orderLineId, { emails }),
    onSuccess: (packs, emails) => {
      setText('');
      onGiven(packs, emails);
    },
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const emails = parseEmails(text);
    setMissing(emails.length === 0);
    if (emails.length === 0) {
      give.reset();
      return;
    }
    give.mutate(emails);
  };
  const atField = missing ? t('purchases.seatPacks.emailsMissing') : emailsError(give.error, give.variables ?? []);
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={4} size="h5" id={headingId}>
          {t('purchases.seatPacks.addTitle')}
        </Title>
        {give.error && atField === undefined && <ErrorAlert error={give.error} />}
        <Textarea
          label={t('purchases.seatPacks.emails')}
          description={t('purchases.seatPacks.emailsHint')}
          name={`seat-emails-${pack.orderLineId}`}
          autosize
          minRows={2}
          maxRows={8}
          autoComplete="off"
          spellCheck={false}
          required
          withAsterisk={false}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
          }}
          error={atField}
        />
        <Group>
          <Button type="submit" loading={give.isPending}>
            {t('purchases.seatPacks.give')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One pack: what it is, how many of its seats are given, to whom, and the form to give more. */
function SeatPackCard({ pack, onChanged }: { pack: SeatPackView; onChanged: (packs: SeatPackView[], notice: string) => void }) {
  const { t, i18n } = useTranslation();
  const used = pack.holders.length;
  const free = Math.max(0, pack.seats - used);
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={pack.title}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4">
            {pack.title}
          </Title>
          <Text size="sm" c="dimmed">
            {t('purchases.seatPacks.packOf', { reference: pack.reference })}
          </Text>
        </div>
        <Text fw={600}>
          {t('purchases.seatPacks.used', { used, total: pack.seats })}
          <Text span c="dimmed" fw={400}>
            {' · '}
            {t('purchases.seatPacks.free', { count: free })}
          </Text>
        </Text>
        {pack.holders.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('purchases.seatPacks.none')}
          </Text>
        ) : (
          <DataTable caption={t('purchases.seatPacks.holdersCaption', { title: pack.title })} minWidth={240} actions headers={[t('purchases.seatPacks.person')]}>
            {pack.holders.map((holder) => {
              const name = holderName(holder);
              return (
                <Table.Tr key={holder.userId}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{name}</Text>
                    {name !== holder.email && (
                      <Text size="xs" c="dimmed">
                        {holder.email}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {t('purchases.seatPacks.since', { date: formatDate(holder.assignedAt, i18n.language) })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'end', width: '1%' }}>
                    <ConfirmAction
                      label={t('purchases.seatPacks.takeBack')}
                      ariaLabel={t('purchases.seatPacks.takeBackLabel', { name })}
                      title={t('purchases.seatPacks.takeBackTitle', { name })}
                      body={t('purchases.seatPacks.takeBackBody', { name })}
                      confirmLabel={t('purchases.seatPacks.takeBackConfirm')}
                      onConfirm={async () => {
                        const packs = await takeSeatBack(api, pack.orderLineId, holder.userId);
                        onChanged(packs, t('purchases.seatPacks.takenBack', { name }));
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
        )}
        {free === 0 && <Text size="sm">{t('purchases.seatPacks.full')}</Text>}
        <GiveSeatsForm
          pack={pack}
          onGiven={(packs, emails) => {
            onChanged(packs, t('purchases.seatPacks.given', { count: emails.length, emails: emails.join(', ') }));
          }}
        />
      </Stack>
    </Paper>
  );
}

/**
 * "Seat packs" on My purchases: a company buyer gives the seats they bought to people by e-mail
 * and takes them back. Shown only to a buyer who has seat packs.
 */
export function SeatPacksSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const packs = useQuery({ queryKey: MY_SEAT_PACKS_KEY, queryFn: ({ signal }) => fetchMySeatPacks(api, signal) });
  if (packs.error) return <LoadError error={packs.error} onRetry={() => void packs.refetch()} />;
  if (!packs.data || packs.data.length === 0) return null;
  const changed = (next: SeatPackView[], text: string) => {
    queryClient.setQueryData(MY_SEAT_PACKS_KEY, next);
    setNotice(text);
  };
  return (
    <Section id="seat-packs" title={t('purchases.seatPacks.title')} description={t('purchases.seatPacks.intro')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {packs.data.map((pack) => (
        <SeatPackCard key={pack.orderLineId} pack={pack} onChanged={changed} />
      ))}
    </Section>
  );
}
