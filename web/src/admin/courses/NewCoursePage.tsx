import { Anchor, Paper, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { COURSES_KEY, createCourse } from './courses.api';
import { CourseForm, formValuesOf } from './CourseForm';
import { PackageUploadPanel } from './PackageUploadPanel';

/** `/courses/new`: an empty course from a form, or (`?import=1`) a new course from a SCORM package. */
export function NewCoursePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const importing = params.get('import') === '1';
  usePageTitle(importing ? t('courses.upload.headingNew') : t('courses.form.createTitle'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  return (
    <Stack gap="lg" maw={800}>
      <Anchor component={Link} to="..">
        {t('courses.back')}
      </Anchor>
      <Title order={1}>{importing ? t('courses.upload.headingNew') : t('courses.form.createTitle')}</Title>
      {importing ? (
        <PackageUploadPanel
          courseId={null}
          onImported={(result) => {
            void queryClient.invalidateQueries({ queryKey: COURSES_KEY });
            void navigate(`../${result.course.id}`);
          }}
        />
      ) : (
        <Paper withBorder radius="md" p="lg">
          <CourseForm
            initial={formValuesOf(null)}
            submitLabel={t('courses.form.create')}
            onSubmit={async (values) => {
              const course = await createCourse(api, values);
              await queryClient.invalidateQueries({ queryKey: COURSES_KEY });
              void navigate(`../${course.id}`);
            }}
          />
        </Paper>
      )}
    </Stack>
  );
}
