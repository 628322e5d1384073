import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './ui.module.css';

/**
 * Where a table scrolls sideways on a narrow screen (below `minWidth`): a named region that takes
 * the keyboard focus, so the columns out of view can be reached without a mouse (WCAG 2.1.1,
 * axe `scrollable-region-focusable`).
 */
export function TableScroller({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} className={`${classes.focusable} ${classes.tableScroller}`}>
      {children}
    </Table.ScrollContainer>
  );
}
