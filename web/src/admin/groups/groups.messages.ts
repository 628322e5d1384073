// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "groups").
const en = {
  title: 'Groups',
};

const de: typeof en = {
  title: 'Gruppen',
};

export const groupsMessages = { en, de };
