import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { thumbnailUrl, type ItemView } from '../space.api';
import classes from './library.module.css';

const SYMBOLS: Record<string, string> = {
  folder: '📁',
  project: '🗂️',
  course: '🎓',
  video: '🎬',
  audio: '🎵',
  pdf: '📕',
  image: '🖼️',
  office: '📊',
  other: '📄',
};

/** What an item is at a glance: an image's thumbnail, or a symbol of its kind (the type column says it in words). */
export function ItemIcon({ item }: { item: ItemView }) {
  const { t } = useTranslation();
  // An image the server cannot make a small picture of shows the symbol instead; a video shows its
  // picture once a member's browser made one.
  const [failed, setFailed] = useState(false);
  if (item.kind === 'file' && (item.fileKind === 'image' || item.hasThumbnail) && item.currentVersion !== null && !failed) {
    return <img className={classes.thumbnail} src={thumbnailUrl(item)} alt={t('space.library.thumbnail', { name: item.name })} loading="lazy" width={40} height={40} onError={() => setFailed(true)} />;
  }
  const key = item.kind === 'file' ? (item.fileKind ?? 'other') : item.kind;
  return (
    <span className={classes.symbol} aria-hidden="true">
      {SYMBOLS[key] ?? SYMBOLS.other}
    </span>
  );
}

/** The type of an item in words: folder, project, or the kind of file. */
export function useTypeLabel(): (item: Pick<ItemView, 'kind' | 'fileKind'>) => string {
  const { t } = useTranslation();
  return (item) => (item.kind === 'file' ? t(`space.fileKinds.${item.fileKind ?? 'other'}`) : t(`space.kinds.${item.kind}`));
}
