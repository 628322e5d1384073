// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "enrolments").
const en = {
  title: 'Enrolments',
};

const de: typeof en = {
  title: 'Einschreibungen',
};

export const enrolmentsMessages = { en, de };
