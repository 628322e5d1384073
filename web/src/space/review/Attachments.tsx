import { Anchor, Button, CloseButton, FileButton, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { ATTACHMENT_TYPES, attachmentUrl, MAX_ATTACHMENTS_PER_COMMENT, uploadAttachment, type AttachmentView } from './review.api';
import classes from './review.module.css';

/** A comment's pictures: small, each opening the whole picture in a new tab. */
export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <Group gap="xs" component="ul" className={classes.attachments} aria-label={t('space.comments.pictures')}>
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <Anchor href={attachmentUrl(attachment.id)} target="_blank" rel="noopener noreferrer" title={t('space.comments.openPicture', { name: attachment.name })}>
            <img src={attachmentUrl(attachment.id)} alt={attachment.name} className={classes.thumbnail} loading="lazy" />
          </Anchor>
        </li>
      ))}
    </Group>
  );
}

/** The pictures files of a paste (a screenshot copied to the clipboard). */
export function pastedPictures(event: React.ClipboardEvent): File[] {
  return [...event.clipboardData.files].filter((file) => (ATTACHMENT_TYPES as readonly string[]).includes(file.type));
}

/**
 * Pictures for a comment being written: chosen, or pasted into its text (`add`); each is uploaded
 * at once, shown with a way to take it off again, and its id goes with the comment.
 */
export function useAttachmentDraft(itemId: string) {
  const [attached, setAttached] = useState<AttachmentView[]>([]);
  const [uploading, setUploading] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const add = (files: File[]) => {
    const room = MAX_ATTACHMENTS_PER_COMMENT - attached.length - uploading;
    setFailure(null);
    for (const file of files.slice(0, Math.max(0, room))) {
      setUploading((n) => n + 1);
      uploadAttachment(api, itemId, file)
        .then((view) => setAttached((list) => [...list, view]))
        .catch((error: unknown) => setFailure(error))
        .finally(() => setUploading((n) => n - 1));
    }
  };
  return {
    attached,
    uploading,
    failure,
    add,
    remove: (id: string) => setAttached((list) => list.filter((a) => a.id !== id)),
    clear: () => setAttached([]),
    ids: attached.map((a) => a.id),
    full: attached.length + uploading >= MAX_ATTACHMENTS_PER_COMMENT,
  };
}

export type AttachmentDraft = ReturnType<typeof useAttachmentDraft>;

/** "Attach pictures", the pictures attached so far, and why one was refused. */
export function AttachmentPicker({ draft, size = 'sm' }: { draft: AttachmentDraft; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="center">
      <FileButton onChange={(files) => draft.add(files)} accept={ATTACHMENT_TYPES.join(',')} multiple disabled={draft.full}>
        {(props) => (
          <Button {...props} variant="default" size={size} loading={draft.uploading > 0}>
            {t('space.comments.attach')}
          </Button>
        )}
      </FileButton>
      <Text size="xs" c="dimmed">
        {t('space.comments.attachHint', { count: MAX_ATTACHMENTS_PER_COMMENT })}
      </Text>
      {draft.attached.length > 0 && (
        <Group gap="xs" component="ul" className={classes.attachments} aria-label={t('space.comments.attached')}>
          {draft.attached.map((attachment) => (
            <li key={attachment.id} className={classes.attachedPicture}>
              <img src={attachmentUrl(attachment.id)} alt={attachment.name} className={classes.thumbnail} />
              <CloseButton size="sm" aria-label={t('space.comments.removePicture', { name: attachment.name })} onClick={() => draft.remove(attachment.id)} />
            </li>
          ))}
        </Group>
      )}
      {draft.failure !== null && (
        <Text size="sm" c="red" role="alert" w="100%">
          <FailureMessage error={draft.failure} />
        </Text>
      )}
    </Group>
  );
}
