import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { nameErrors, normaliseName } from './names';

/**
 * A form around one name (a group's, a category's): the name as typed, its problem found before
 * sending, and the save with the normalised name. A new thing's form (`existing` false) empties
 * after saving.
 */
export function useNameForm<T>(options: { initial: string; existing: boolean; save: (name: string) => Promise<T>; onSaved: (saved: T) => void }) {
  const { i18n } = useTranslation();
  const [name, setName] = useState(options.initial);
  const [badName, setBadName] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: () => options.save(normaliseName(name)),
    onSuccess: (saved) => {
      if (!options.existing) setName('');
      options.onSaved(saved);
    },
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = nameErrors({ name }, i18n.language).name;
    setBadName(problem);
    if (!problem) mutation.mutate();
  };
  return { name, setName, badName, mutation, onSubmit };
}
