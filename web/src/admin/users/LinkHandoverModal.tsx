import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyText } from '../../shared/ui/CopyText';

/** A one-time link the site could not mail (mail is off): the administrator copies it and passes it on. */
export interface HandedOverLink {
  kind: 'invitation' | 'reset';
  email: string;
  link: string;
}

export function LinkHandoverModal({ handover, onClose }: { handover: HandedOverLink; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t(`users.handover.title.${handover.kind}`)} centered size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        <Alert color="yellow" title={t('users.mailOff.title')}>
          {t('users.handover.body', { email: handover.email })}
        </Alert>
        <TextInput label={t(`users.handover.link.${handover.kind}`)} value={handover.link} readOnly onFocus={(event) => event.currentTarget.select()} />
        <Text size="sm" c="dimmed">
          {t(`users.handover.validity.${handover.kind}`)}
        </Text>
        <Group justify="flex-end" gap="sm">
          <CopyText value={handover.link} label={t('users.handover.copy')} />
          <Button onClick={onClose}>{t('app.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Reset links for several users the site could not mail: each with its address and a copy button. */
export function ResetLinksModal({ links, onClose }: { links: { email: string; link: string }[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('userDetail.resetLinksTitle')} centered size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        <Alert color="yellow" title={t('users.mailOff.title')}>
          {t('userDetail.resetLinksBody')}
        </Alert>
        {links.map(({ email, link }) => (
          <Group key={email} gap="xs" align="flex-end">
            <TextInput style={{ flex: '1 1 16rem', minWidth: 0 }} label={t('userDetail.resetLinkFor', { email })} value={link} readOnly onFocus={(event) => event.currentTarget.select()} />
            <CopyText value={link} label={t('userDetail.copyLinkFor', { email })} />
          </Group>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('app.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
