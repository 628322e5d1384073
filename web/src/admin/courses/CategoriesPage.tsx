import { Anchor, Button, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { useNameForm } from '../../shared/forms/useNameForm';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { TableScroller } from '../../shared/ui/TableScroller';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { CATEGORIES_KEY, createCategory, deleteCategory, fetchCategories, renameCategory, type CategoryView } from './categories.api';
import { COURSES_KEY } from './courses.api';

interface NameFormProps {
  /** The category being renamed; none: a new one. */
  category?: CategoryView;
  onSaved: (category: CategoryView) => void;
}

/** The name of a new or a renamed category; a refusal (a name taken) appears at the field. */
function CategoryNameForm({ category, onSaved }: NameFormProps) {
  const { t } = useTranslation();
  const { name, setName, badName, mutation, onSubmit } = useNameForm({
    initial: category?.name ?? '',
    existing: category !== undefined,
    save: (name) => (category ? renameCategory(api, category.id, { name }) : createCategory(api, { name })),
    onSaved,
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {mutation.error && !namesAnyField(mutation.error, ['name']) && <ErrorAlert error={mutation.error} />}
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('courses.categories.name')}
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
            }}
            error={badName ?? fieldError(mutation.error, 'name')}
            maxLength={100}
            w={{ base: '100%', xs: 320 }}
            data-autofocus={category ? true : undefined}
          />
          <Button type="submit" loading={mutation.isPending} mt={{ base: 0, xs: 25 }}>
            {category ? t('courses.categories.save') : t('courses.categories.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/courses/categories`: add, rename and delete the site's course categories. */
export function CategoriesPage() {
  const { t } = useTranslation();
  usePageTitle(t('courses.categories.title'));
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<CategoryView | null>(null);
  const categories = useQuery({ queryKey: CATEGORIES_KEY, queryFn: ({ signal }) => fetchCategories(api, signal) });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: CATEGORIES_KEY });
    void queryClient.invalidateQueries({ queryKey: COURSES_KEY });
  };

  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to="..">
        {t('courses.back')}
      </Anchor>
      <div>
        <Title order={1}>{t('courses.categories.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('courses.categories.intro')}
        </Text>
      </div>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <Section title={t('courses.categories.addTitle')}>
        <CategoryNameForm
          onSaved={(category) => {
            setNotice(t('courses.categories.added', { name: category.name }));
            refresh();
          }}
        />
      </Section>
      {categories.error && <LoadError error={categories.error} onRetry={() => void categories.refetch()} />}
      {categories.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {categories.data?.length === 0 && <Text c="dimmed">{t('courses.categories.none')}</Text>}
      {categories.data && categories.data.length > 0 && (
        <TableScroller label={t('courses.categories.listCaption')} minWidth={340}>
          <Table striped verticalSpacing="sm" aria-label={t('courses.categories.listCaption')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('courses.categories.name')}</Table.Th>
                <Table.Th scope="col">{t('courses.categories.courses')}</Table.Th>
                <Table.Th scope="col">{t('courses.categories.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {categories.data.map((category) => (
                <Table.Tr key={category.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/courses?categoryId=${encodeURIComponent(category.id)}`}>
                      {category.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{category.courseCount}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('courses.categories.renameNamed', { name: category.name })}
                        onClick={() => {
                          setNotice(null);
                          setRenaming(category);
                        }}
                      >
                        {t('courses.categories.rename')}
                      </Button>
                      <ConfirmAction
                        label={t('courses.categories.delete')}
                        ariaLabel={t('courses.categories.deleteNamed', { name: category.name })}
                        title={t('courses.categories.deleteTitle', { name: category.name })}
                        body={t('courses.categories.deleteBody', { count: category.courseCount })}
                        confirmLabel={t('courses.categories.delete')}
                        onConfirm={async () => {
                          const { coursesUncategorised } = await deleteCategory(api, category.id);
                          setNotice(t('courses.categories.deleted', { name: category.name, count: coursesUncategorised }));
                          refresh();
                        }}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroller>
      )}
      <Modal
        opened={renaming !== null}
        onClose={() => {
          setRenaming(null);
        }}
        title={t('courses.categories.renameTitle', { name: renaming?.name ?? '' })}
        centered
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        {renaming && (
          <CategoryNameForm
            category={renaming}
            onSaved={(category) => {
              setRenaming(null);
              setNotice(t('courses.categories.renamed', { name: category.name }));
              refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
