import type { CatalogueEntry } from '../http/errors.js';

/** Codes of groups and departments. */
export const groupErrors = {
  GROUP_NOT_FOUND: {
    status: 404,
    en: 'There is no such group.',
    de: 'Diese Gruppe gibt es nicht.',
  },
  GROUP_PARENT_NOT_FOUND: {
    status: 404,
    en: 'The parent group does not exist.',
    de: 'Die übergeordnete Gruppe gibt es nicht.',
  },
  GROUP_CYCLE: {
    status: 409,
    en: 'A group cannot be placed inside itself or one of its own sub-groups.',
    de: 'Eine Gruppe kann nicht in sich selbst oder eine ihrer Untergruppen verschoben werden.',
  },
  GROUP_NAME_TAKEN: {
    status: 409,
    en: 'A group with this name exists already at this place.',
    de: 'Eine Gruppe mit diesem Namen gibt es an dieser Stelle schon.',
  },
  GROUP_HAS_SUBGROUPS: {
    status: 409,
    en: 'This group has sub-groups. Move or delete them first.',
    de: 'Diese Gruppe hat Untergruppen. Verschieben oder löschen Sie diese zuerst.',
  },
  GROUP_UNKNOWN_USER: {
    status: 404,
    en: 'Some of the users do not exist.',
    de: 'Einige der Benutzer gibt es nicht.',
  },
  GROUP_MANAGER_ROLE_REQUIRED: {
    status: 409,
    en: 'Only users with the manager or administrator role can lead a group.',
    de: 'Nur Benutzer mit der Rolle Manager oder Administrator können eine Gruppe leiten.',
  },
  GROUP_TOO_DEEP: {
    status: 409,
    en: 'Groups can be nested at most 20 levels deep.',
    de: 'Gruppen können höchstens 20 Ebenen tief verschachtelt werden.',
  },
} as const satisfies Record<string, CatalogueEntry>;
