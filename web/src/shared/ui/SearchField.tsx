import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';

/** How long typing pauses before a search runs. */
export const SEARCH_DELAY_MS = 300;

interface SearchFieldProps extends Pick<TextInputProps, 'label' | 'description' | 'name' | 'maxLength' | 'w'> {
  /** What the field shows first (the search in the page's address, say); give the field a new `key` to start over. */
  initial: string;
  /** The text as typed, once typing pauses, or at once on Enter. */
  onSearch: (text: string) => void;
}

/** A search box that searches as one types (after a pause) or at once with Enter. */
export function SearchField({ initial, onSearch, ...input }: SearchFieldProps) {
  const [typed, setTyped] = useState(initial);
  const searchLater = useDebouncedCallback(onSearch, SEARCH_DELAY_MS);
  return (
    <TextInput
      {...input}
      type="search"
      value={typed}
      onChange={(event) => {
        setTyped(event.currentTarget.value);
        searchLater(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter') return;
        // At once, and not as the submit of a form around the field.
        event.preventDefault();
        searchLater.cancel();
        onSearch(typed);
      }}
    />
  );
}
