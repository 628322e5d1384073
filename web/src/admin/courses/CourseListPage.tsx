import { Anchor, Badge, Button, Group, Loader, NativeSelect, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { SearchField } from '../../shared/ui/SearchField';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { CATEGORIES_KEY, fetchCategories } from './categories.api';
import { COURSES_KEY, fetchCourses, type CourseStatusValue } from './courses.api';
import { StatusBadge } from './StatusBadge';
import { TableScroller } from '../../shared/ui/TableScroller';

const PAGE_SIZE = 25;
const STATUSES: CourseStatusValue[] = ['draft', 'published', 'archived'];

/** `/courses`: search and filter the courses; create one or import a package. */
export function CourseListPage() {
  const { t } = useTranslation();
  usePageTitle(t('courses.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = STATUSES.find((s) => s === params.get('status'));
  const categoryId = params.get('categoryId') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const categories = useQuery({ queryKey: CATEGORIES_KEY, queryFn: ({ signal }) => fetchCategories(api, signal) });
  // A notice the course page left (the course was deleted).
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE), ...(q ? { q } : {}), ...(status ? { status } : {}), ...(categoryId ? { categoryId } : {}) }).toString();
  const courses = useQuery({ queryKey: [...COURSES_KEY, 'list', query], queryFn: ({ signal }) => fetchCourses(api, query, signal), placeholderData: keepPreviousData });

  const show = (next: { q?: string; status?: string | undefined; categoryId?: string; page?: number }) => {
    const merged = { q, status, categoryId, page: 1, ...next };
    const search = new URLSearchParams();
    if (merged.q) search.set('q', merged.q);
    if (merged.status) search.set('status', merged.status);
    if (merged.categoryId) search.set('categoryId', merged.categoryId);
    if (merged.page > 1) search.set('page', String(merged.page));
    setParams(search, { replace: true });
  };
  const total = courses.data?.total ?? 0;
  const language = currentLanguage();

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('courses.title')}</Title>
        <Group gap="sm">
          <Button component={Link} to="categories" variant="default">
            {t('courses.manageCategories')}
          </Button>
          <Button component={Link} to="new?import=1" variant="default">
            {t('courses.importPackage')}
          </Button>
          <Button component={Link} to="new">
            {t('courses.newCourse')}
          </Button>
        </Group>
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label={t('courses.search')}>
        <SearchField label={t('courses.search')} initial={q} onSearch={(value) => show({ q: value })} w={280} />
        <NativeSelect
          label={t('courses.statusFilter')}
          value={status ?? ''}
          onChange={(e) => {
            show({ status: STATUSES.find((s) => s === e.currentTarget.value) });
          }}
          data={[{ value: '', label: t('courses.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`courses.status.${s}`) }))]}
        />
        <NativeSelect
          label={t('courses.categoryFilter')}
          value={categoryId}
          onChange={(e) => {
            show({ categoryId: e.currentTarget.value });
          }}
          data={[{ value: '', label: t('courses.allCategories') }, ...(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        />
      </Group>
      {courses.error && <LoadError error={courses.error} onRetry={() => void courses.refetch()} />}
      {courses.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {courses.data && (
        <>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {total === 0
              ? t('courses.noneFound')
              : t('courses.showing', { first: (page - 1) * PAGE_SIZE + 1, last: Math.min(total, page * PAGE_SIZE), total })}
          </Text>
          {courses.data.courses.length > 0 && (
            <TableScroller label={t('courses.listCaption')} minWidth={720}>
              <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('courses.listCaption')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('courses.columns.title')}</Table.Th>
                    <Table.Th scope="col">{t('courses.columns.status')}</Table.Th>
                    <Table.Th scope="col">{t('courses.columns.version')}</Table.Th>
                    <Table.Th scope="col">{t('courses.columns.category')}</Table.Th>
                    <Table.Th scope="col">{t('courses.columns.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {courses.data.courses.map((course) => (
                    <Table.Tr key={course.id}>
                      <Table.Td>
                        <Anchor component={Link} to={course.id}>
                          {course.title}
                        </Anchor>
                        {course.tags.length > 0 && (
                          <Group gap={4} mt={4}>
                            {course.tags.map((tag) => (
                              <Badge key={tag} size="xs" variant="outline">
                                {tag}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={course.status} />
                      </Table.Td>
                      <Table.Td>
                        {course.currentVersion
                          ? t('courses.versionLabel', { version: course.currentVersion.version, scorm: course.currentVersion.scormVersion ?? '' })
                          : t('courses.noVersion')}
                      </Table.Td>
                      <Table.Td>{course.category?.name ?? '—'}</Table.Td>
                      <Table.Td>{formatDateTime(course.updatedAt, language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroller>
          )}
          {total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(total / PAGE_SIZE)}
              value={page}
              onChange={(next) => {
                show({ page: next });
              }}
            />
          )}
        </>
      )}
    </Stack>
  );
}
