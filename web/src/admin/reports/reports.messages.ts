// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "reports").
const en = {
  title: 'Reports',
};

const de: typeof en = {
  title: 'Berichte',
};

export const reportsMessages = { en, de };
