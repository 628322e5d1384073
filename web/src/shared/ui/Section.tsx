import { Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface SectionProps {
  /** For links to this part of the page (`#id`). */
  id?: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** A titled part of a page (a landmark named by its heading). */
export function Section({ id, title, description, children }: SectionProps) {
  const headingId = useId();
  return (
    <Paper component="section" id={id} withBorder radius="md" p="lg" aria-labelledby={headingId}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id={headingId}>
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
