import { Anchor, Button, Fieldset, Group, Loader, NativeSelect, NumberInput, Radio, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError } from '../../shared/forms/fieldErrors';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { amountText, MARKET_CURRENCIES } from './amounts';
import { CoursePicker, useChosenCourses } from './CoursePicker';
import { createProduct, fetchProduct, productKey, PRODUCTS_KEY, saveProduct, type ProductView } from './market.api';
import { ACCESS_DAYS, addPriceRow, productBody, productFormOf, slugFromTitle, SLUG_MAX, type PriceRow, type ProductFormValues, type ProductProblems } from './productForm';
import { STORE_PATH } from './storePaths';
import { COURSE_LANGUAGES, languageName, PRODUCT_KINDS, PRODUCT_STATUSES } from './storeWords';

/** The API's fields this form shows (a refusal about another field is shown above the form). */
const SHOWN = /^(title|slug|kind|status|summary|description|instructorName|instructorBio|accessDays|free|seatPacks|language|courseIds(\.\d+)?|previewCourseId|prices(\.\d+(\.\w+)?)?)$/;

interface PriceRowsProps {
  rows: PriceRow[];
  onChange: (rows: PriceRow[]) => void;
  problemOf: (path: string) => string | undefined;
}

/** One price per currency: each row a currency and an amount as the seller writes it ("49,90"). */
function PriceRows({ rows, onChange, problemOf }: PriceRowsProps) {
  const { t, i18n } = useTranslation();
  const change = (key: number, next: Partial<PriceRow>) => {
    onChange(rows.map((row) => (row.key === key ? { ...row, ...next } : row)));
  };
  const added = addPriceRow(rows);
  return (
    <Stack gap="sm">
      {rows.map((row, index) => {
        const position = index + 1;
        const taken = new Set(rows.filter((other) => other.key !== row.key).map((other) => other.currency));
        return (
          <Fieldset key={row.key} legend={t('market.products.form.priceN', { position })} variant="filled" p="sm">
            <Group align="flex-start" gap="sm" wrap="wrap">
              <NativeSelect
                name={`prices.${String(index)}.currency`}
                label={t('market.products.form.currency')}
                value={row.currency}
                onChange={(event) => {
                  const currency = MARKET_CURRENCIES.find((c) => c === event.currentTarget.value);
                  if (currency) change(row.key, { currency });
                }}
                data={MARKET_CURRENCIES.filter((c) => c === row.currency || !taken.has(c)).map((c) => ({ value: c, label: c }))}
                error={problemOf(`prices.${String(index)}.currency`)}
                w={110}
              />
              <TextInput
                name={`prices.${String(index)}.amountMinor`}
                label={t('market.products.form.amount')}
                description={t('market.amountExample', { example: amountText(4990, row.currency, i18n.language) })}
                inputMode="decimal"
                autoComplete="off"
                required
                value={row.amount}
                onChange={(event) => {
                  change(row.key, { amount: event.currentTarget.value });
                }}
                rightSection={
                  <Text size="xs" c="dimmed" aria-hidden>
                    {row.currency}
                  </Text>
                }
                rightSectionWidth={48}
                error={problemOf(`prices.${String(index)}.amountMinor`) ?? problemOf(`prices.${String(index)}`)}
                w={{ base: '100%', xs: 220 }}
              />
              <Button
                variant="light"
                color="red"
                mt={{ base: 0, xs: 25 }}
                aria-label={t('market.products.form.removePriceLabel', { position })}
                onClick={() => {
                  onChange(rows.filter((other) => other.key !== row.key));
                }}
              >
                {t('market.products.form.removePrice')}
              </Button>
            </Group>
          </Fieldset>
        );
      })}
      {problemOf('prices') && (
        <Text size="sm" c="red">
          {problemOf('prices')}
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          disabled={added === null}
          onClick={() => {
            if (added) onChange(added);
          }}
        >
          {t('market.products.form.addPrice')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The product as one form: what it is, its courses, its access and prices; problems appear at their fields. */
function ProductForm({ product }: { product?: ProductView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ProductFormValues>(() => productFormOf(product, i18n.language));
  const [problems, setProblems] = useState<ProductProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = useChosenCourses(values.courseIds);
  const set = <K extends keyof ProductFormValues>(key: K, value: ProductFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  };

  const problemOf = (path: string): string | undefined => {
    const problem = problems[path];
    if (problem) return t(`market.problems.${problem}`);
    return fieldError(error, path);
  };
  const focusField = (path: string) => {
    window.setTimeout(() => {
      formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`)?.focus();
    }, 0);
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const verdict = productBody(values, i18n.language);
    if (!verdict.ok) {
      setProblems(verdict.problems);
      setError(null);
      const first = Object.keys(verdict.problems)[0];
      if (first) focusField(first);
      return;
    }
    setProblems({});
    setBusy(true);
    setError(null);
    try {
      const saved = product ? await saveProduct(api, product.id, verdict.body) : await createProduct(api, verdict.body);
      queryClient.setQueryData(productKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY, exact: true });
      void navigate(`${STORE_PATH}/products`, { state: { notice: t(product ? 'market.products.form.saved' : 'market.products.form.created', { title: saved.title }) } });
    } catch (caught) {
      setError(caught);
      const first = isApiError(caught) ? caught.fields.find((f) => SHOWN.test(f.field))?.field : undefined;
      if (first) focusField(first);
    } finally {
      setBusy(false);
    }
  };

  const aboutFields = isApiError(error) && error.fields.some((f) => SHOWN.test(f.field));
  const languages = [...COURSE_LANGUAGES, ...(values.language !== '' && !(COURSE_LANGUAGES as readonly string[]).includes(values.language) ? [values.language] : [])];
  const coursesError = problemOf('courseIds') ?? values.courseIds.map((_, index) => fieldError(error, `courseIds.${String(index)}`)).find(Boolean);
  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-label={product ? t('market.products.form.editTitle', { title: product.title }) : t('market.products.form.createTitle')}>
      <Stack gap="lg">
        {error !== null && !aboutFields && <ErrorAlert error={error} />}
        <Section title={t('market.products.form.details')}>
          <TextInput
            name="title"
            label={t('market.products.form.title')}
            required
            maxLength={200}
            value={values.title}
            onChange={(event) => {
              const title = event.currentTarget.value;
              setValues((previous) => ({ ...previous, title, slug: previous.slugEdited ? previous.slug : slugFromTitle(title) }));
            }}
            error={problemOf('title')}
          />
          <TextInput
            name="slug"
            label={t('market.products.form.slug')}
            description={t('market.products.form.slugHelp', { path: `/store/p/${values.slug || '…'}` })}
            required
            maxLength={SLUG_MAX}
            autoComplete="off"
            spellCheck={false}
            value={values.slug}
            onChange={(event) => {
              const slug = event.currentTarget.value;
              // Emptied, the field follows the title again.
              setValues((previous) => ({ ...previous, slug, slugEdited: slug !== '' }));
            }}
            error={problemOf('slug')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Radio.Group
              name="kind"
              label={t('market.products.form.kind')}
              value={values.kind}
              onChange={(value) => {
                const kind = PRODUCT_KINDS.find((k) => k === value) ?? values.kind;
                // A course product holds one course: the first one stays.
                setValues((previous) => ({ ...previous, kind, courseIds: kind === 'course' ? previous.courseIds.slice(0, 1) : previous.courseIds }));
              }}
              error={problemOf('kind')}
            >
              <Stack gap="xs" mt="xs">
                {PRODUCT_KINDS.map((kind) => (
                  <Radio key={kind} value={kind} label={t(`market.products.kinds.${kind}`)} description={t(`market.products.kindHelp.${kind}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <NativeSelect
              name="status"
              label={t('market.products.form.status')}
              description={t(`market.products.statusHelp.${values.status}`)}
              value={values.status}
              onChange={(event) => {
                set('status', PRODUCT_STATUSES.find((s) => s === event.currentTarget.value) ?? values.status);
              }}
              data={PRODUCT_STATUSES.map((status) => ({ value: status, label: t(`market.products.status.${status}`) }))}
              error={problemOf('status')}
            />
          </SimpleGrid>
          <Textarea
            name="summary"
            label={t('market.products.form.summary')}
            description={t('market.products.form.summaryHelp')}
            maxLength={300}
            autosize
            minRows={2}
            value={values.summary}
            onChange={(event) => {
              set('summary', event.currentTarget.value);
            }}
            error={problemOf('summary')}
          />
          <Textarea
            name="description"
            label={t('market.products.form.description')}
            description={t('market.products.form.descriptionHelp')}
            maxLength={20_000}
            autosize
            minRows={5}
            value={values.description}
            onChange={(event) => {
              set('description', event.currentTarget.value);
            }}
            error={problemOf('description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              name="instructorName"
              label={t('market.products.form.instructorName')}
              maxLength={200}
              value={values.instructorName}
              onChange={(event) => {
                set('instructorName', event.currentTarget.value);
              }}
              error={problemOf('instructorName')}
            />
            <NativeSelect
              name="language"
              label={t('market.products.form.language')}
              value={values.language}
              onChange={(event) => {
                set('language', event.currentTarget.value);
              }}
              data={[{ value: '', label: t('market.products.form.noLanguage') }, ...languages.map((tag) => ({ value: tag, label: languageName(tag, i18n.language) }))]}
              error={problemOf('language')}
            />
          </SimpleGrid>
          <Textarea
            name="instructorBio"
            label={t('market.products.form.instructorBio')}
            maxLength={2000}
            autosize
            minRows={2}
            value={values.instructorBio}
            onChange={(event) => {
              set('instructorBio', event.currentTarget.value);
            }}
            error={problemOf('instructorBio')}
          />
        </Section>

        <Section title={t('market.products.form.courses')} description={t(values.kind === 'course' ? 'market.products.form.coursesHelpOne' : 'market.products.form.coursesHelpMany')}>
          <CoursePicker
            value={values.courseIds}
            single={values.kind === 'course'}
            onChange={(courseIds) => {
              setValues((previous) => ({ ...previous, courseIds, previewCourseId: courseIds.includes(previous.previewCourseId) ? previous.previewCourseId : '' }));
            }}
            error={coursesError}
          />
          <NativeSelect
            name="previewCourseId"
            label={t('market.products.form.preview')}
            description={t('market.products.form.previewHelp')}
            value={values.previewCourseId}
            onChange={(event) => {
              set('previewCourseId', event.currentTarget.value);
            }}
            data={[{ value: '', label: t('market.products.form.noPreview') }, ...values.courseIds.map((id) => ({ value: id, label: chosen.get(id)?.title ?? id }))]}
            error={problemOf('previewCourseId')}
            maw={420}
          />
        </Section>

        <Section title={t('market.products.form.accessAndPrice')}>
          <Radio.Group
            name="access"
            label={t('market.products.form.access')}
            value={values.access}
            onChange={(value) => {
              set('access', value === 'days' ? 'days' : 'lifetime');
            }}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="lifetime" label={t('market.products.form.lifetime')} />
              <Radio value="days" label={t('market.products.form.limited')} />
            </Stack>
          </Radio.Group>
          {values.access === 'days' && (
            <NumberInput
              name="accessDays"
              label={t('market.products.form.accessDays')}
              description={t('market.products.form.accessDaysHelp', { min: ACCESS_DAYS.min, max: ACCESS_DAYS.max })}
              min={ACCESS_DAYS.min}
              max={ACCESS_DAYS.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={values.accessDays}
              onChange={(value) => {
                set('accessDays', value);
              }}
              error={problemOf('accessDays')}
              w={220}
            />
          )}
          <Switch
            name="free"
            label={t('market.products.form.free')}
            description={t('market.products.form.freeHelp')}
            checked={values.free}
            onChange={(event) => {
              set('free', event.currentTarget.checked);
            }}
            error={problemOf('free')}
          />
          {!values.free && (
            <>
              <Switch
                name="seatPacks"
                label={t('market.products.form.seatPacks')}
                description={t('market.products.form.seatPacksHelp')}
                checked={values.seatPacks}
                onChange={(event) => {
                  set('seatPacks', event.currentTarget.checked);
                }}
                error={problemOf('seatPacks')}
              />
              <div>
                <Text fw={500} size="sm">
                  {t('market.products.form.prices')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('market.products.form.pricesHelp')}
                </Text>
              </div>
              <PriceRows
                rows={values.prices}
                onChange={(prices) => {
                  set('prices', prices);
                }}
                problemOf={problemOf}
              />
            </>
          )}
        </Section>

        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {product ? t('market.products.form.save') : t('market.products.form.create')}
          </Button>
          <Button component={Link} to={`${STORE_PATH}/products`} variant="default">
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/market/products/new` and `/market/products/:productId`: the product editor. */
export function ProductEditorPage({ productId }: { productId?: string | undefined }) {
  const { t } = useTranslation();
  const product = useQuery({ queryKey: productKey(productId ?? ''), queryFn: ({ signal }) => fetchProduct(api, productId ?? '', signal), enabled: productId !== undefined });
  const heading = productId === undefined ? t('market.products.form.createTitle') : t('market.products.form.editTitle', { title: product.data?.title ?? '' });
  usePageTitle(`${productId === undefined || product.data ? heading : t('market.products.title')} – ${t('market.title')}`);
  if (productId !== undefined && product.error) return <LoadError error={product.error} onRetry={() => void product.refetch()} />;
  if (productId !== undefined && !product.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to={`${STORE_PATH}/products`}>
        {t('market.products.back')}
      </Anchor>
      <Title order={1}>{heading}</Title>
      <ProductForm {...(product.data ? { product: product.data } : {})} />
    </Stack>
  );
}
