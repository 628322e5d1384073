// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "learner").
const en = {
  title: 'My courses',
};

const de: typeof en = {
  title: 'Meine Kurse',
};

export const learnerMessages = { en, de };
