// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "courses").
const en = {
  title: 'Courses',
};

const de: typeof en = {
  title: 'Kurse',
};

export const coursesMessages = { en, de };
