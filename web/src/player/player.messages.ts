// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "player").
const en = {
  title: 'Course player',
};

const de: typeof en = {
  title: 'Kursplayer',
};

export const playerMessages = { en, de };
