import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './ui.module.css';
import { TableScroller } from './TableScroller';

interface DataTableProps {
  /** The table's name for screen readers (and tests); not shown. */
  caption: string;
  /** Column headers, in order; `false` leaves a column out. */
  headers: (ReactNode | false)[];
  /** A last column of row actions, whose header only screen readers hear. */
  actions?: boolean;
  /** Below this width the table scrolls sideways instead of squeezing. */
  minWidth: number;
  spacing?: 'xs' | 'sm';
  highlightOnHover?: boolean;
  /** The rows (`Table.Tr`). */
  children: ReactNode;
}

/** The app's data table: striped, scrolling on narrow screens, with a caption and column-scoped headers. */
export function DataTable({ caption, headers, actions = false, minWidth, spacing = 'xs', highlightOnHover = false, children }: DataTableProps) {
  const { t } = useTranslation();
  return (
    <TableScroller label={caption} minWidth={minWidth}>
      <Table striped highlightOnHover={highlightOnHover} verticalSpacing={spacing}>
        <Table.Caption className={classes.visuallyHidden}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {headers.map((header, index) =>
              header === false ? null : (
                <Table.Th key={index} scope="col">
                  {header}
                </Table.Th>
              ),
            )}
            {actions && (
              <Table.Th scope="col">
                <span className={classes.visuallyHidden}>{t('app.actions')}</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </TableScroller>
  );
}
