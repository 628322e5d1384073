import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { fieldError } from '../../shared/forms/fieldErrors';
import { formatAmount, isCurrency } from './amounts';
import { refundOrder, type OrderView } from './market.api';
import { refundableOf, refundableTotal, refundLines, type RefundLineProblem } from './refunds';

interface RefundDialogProps {
  order: OrderView;
  opened: boolean;
  onClose: () => void;
  onRefunded: (order: OrderView, amountMinor: number) => void;
}

/**
 * A refund: all that is left of the order, or chosen amounts per line, and why. The button says
 * how much goes back; card payments go back through Stripe, bank transfers are paid back by the
 * seller (the store records it, issues the credit note and ends the access of lines refunded in full).
 */
export function RefundDialog({ order, opened, onClose, onRefunded }: RefundDialogProps) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'all' | 'lines'>('all');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, RefundLineProblem>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The lines in the order they were last sent: the server's `lines.N` refers to these.
  const [sent, setSent] = useState<string[]>([]);
  const money = (minor: number) => formatAmount(minor, order.currency, i18n.language);
  const currency = isCurrency(order.currency) ? order.currency : null;
  const open = order.lines.filter((line) => refundableOf(line) > 0);
  const all = refundableTotal(order.lines);
  const partial = currency ? refundLines(open, typed, currency, i18n.language) : null;
  const amount = mode === 'all' ? all : partial?.ok ? partial.totalMinor : null;

  const close = () => {
    if (busy) return;
    setFailure(null);
    setProblems({});
    onClose();
  };
  const confirm = () => {
    setFailure(null);
    let lines: { lineId: string; amountMinor: number }[] | undefined;
    if (mode === 'lines') {
      if (!partial) return;
      if (!partial.ok) {
        setProblems(partial.problems);
        return;
      }
      lines = partial.lines;
    }
    setSent(lines?.map((line) => line.lineId) ?? []);
    setProblems({});
    setBusy(true);
    const refunded = amount ?? 0;
    refundOrder(api, order.id, { ...(lines ? { lines } : {}), reason: reason.trim() })
      .then((next) => {
        setBusy(false);
        setTyped({});
        setReason('');
        onRefunded(next, refunded);
      })
      .catch((error: unknown) => {
        setBusy(false);
        setFailure(error);
      });
  };
  const problemText = (problem: RefundLineProblem | undefined) => (problem ? t(`market.problems.${problem}`) : undefined);

  return (
    <Modal opened={opened} onClose={close} title={t('market.refund.title', { reference: order.reference })} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        <Text size="sm">{order.provider === 'stripe' ? t('market.refund.viaStripe') : t('market.refund.outside')}</Text>
        <Radio.Group
          label={t('market.refund.what')}
          value={mode}
          onChange={(value) => {
            setMode(value === 'lines' ? 'lines' : 'all');
            setProblems({});
          }}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="all" label={t('market.refund.all', { amount: money(all) })} />
            <Radio value="lines" label={t('market.refund.lines')} disabled={currency === null} />
          </Stack>
        </Radio.Group>
        {mode === 'lines' && (
          <Stack gap="sm">
            {open.map((line) => (
              <TextInput
                key={line.id}
                label={t('market.refund.lineAmount', { title: line.title })}
                description={t('market.refund.lineMax', { amount: money(refundableOf(line)) })}
                inputMode="decimal"
                autoComplete="off"
                value={typed[line.id] ?? ''}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  setTyped((previous) => ({ ...previous, [line.id]: text }));
                }}
                rightSection={
                  <Text size="xs" c="dimmed" aria-hidden>
                    {order.currency}
                  </Text>
                }
                rightSectionWidth={48}
                error={problemText(problems[line.id]) ?? (sent.includes(line.id) ? fieldError(failure, `lines.${String(sent.indexOf(line.id))}.amountMinor`) : undefined)}
              />
            ))}
            {problems[''] && (
              <Text size="sm" c="red" role="alert">
                {problemText(problems[''])}
              </Text>
            )}
          </Stack>
        )}
        <Textarea
          label={t('market.refund.reason')}
          description={t('market.refund.reasonHelp')}
          maxLength={500}
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
          }}
          error={fieldError(failure, 'reason')}
        />
        {failure !== null && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={busy} data-autofocus>
            {t('app.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={busy}>
            {amount !== null && amount > 0 ? t('market.refund.confirm', { amount: money(amount) }) : t('market.refund.confirmNoAmount')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
