import { SimpleGrid, Text } from '@mantine/core';

/** Short facts as a description list in a grid: the term small and dimmed, its value below (long values wrap anywhere). */
export function FactGrid({ facts, cols, strong = false }: { facts: readonly (readonly [string, string])[]; cols: { base: number; sm: number }; strong?: boolean }) {
  return (
    <SimpleGrid component="dl" cols={cols} spacing="xs" verticalSpacing={4} m={0}>
      {facts.map(([term, value]) => (
        <div key={term}>
          <Text component="dt" size="xs" c="dimmed">
            {term}
          </Text>
          <Text component="dd" size="sm" fw={strong ? 600 : undefined} m={0} style={{ overflowWrap: 'anywhere' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
