import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

/** A confirmation after a change; polite (role=status), it does not interrupt. */
export function SuccessNote({ children, title }: { children?: ReactNode; title?: string }) {
  return (
    <Alert color="green" role="status" title={title}>
      {children}
    </Alert>
  );
}
