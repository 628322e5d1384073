import { List } from '@mantine/core';
import { failureText, type NameOfValue } from './failureText';

/** A failure's message, with the refused entries the page can name listed under it. */
export function FailureMessage({ error, nameOf }: { error: unknown; nameOf?: NameOfValue | undefined }) {
  const { message, named } = failureText(error, nameOf);
  return (
    <>
      {message}
      {named.length > 0 && (
        <List size="sm" mt={4}>
          {named.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
    </>
  );
}
