import { z } from 'zod';
import { defineEvent } from '../../platform/events/index.js';

/** A library file's version was sent to Learn (its publication record says where it went, once done). */
export const spaceVersionPublished = defineEvent(
  'space.version.published',
  z.object({ publicationId: z.uuid(), itemId: z.uuid(), version: z.number().int() }),
);
