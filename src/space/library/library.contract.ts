import { z } from 'zod';
import { displayName } from '../../platform/names/display-name.contract.js';
import { SPACE_ROLES } from '../workspace/space-roles.js';

// Contracts are shared with the web app: zod only, nothing of Node.

export const ITEM_KINDS = ['folder', 'project', 'file'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What a file is, judged by its bytes: decides how it is previewed. */
export const FILE_KINDS = ['course', 'video', 'audio', 'pdf', 'image', 'office', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const SPACE_UPLOAD_STATUSES = ['receiving', 'completing', 'done', 'failed'] as const;

/** The largest chunk a resumable upload takes in one request. */
export const SPACE_UPLOAD_MAX_CHUNK_BYTES = 64 * 1024 * 1024;
/**
 * The chunks the web app sends: every chunk costs a request, a durable write and a database
 * row, so fewer, larger ones carry more bytes a second; a lost connection costs at most the
 * chunk on its way (the bytes that arrived are kept), and progress moves on every chunk.
 */
export const SPACE_UPLOAD_CHUNK_BYTES = 16 * 1024 * 1024;
/** Chunks on their way at once: the next ones travel while the server stores the last. */
export const SPACE_UPLOAD_CHUNKS_IN_FLIGHT = 3;
/** How long a trashed item can be restored before it is purged. */
export const TRASH_RETENTION_DAYS = 30;

/** A file or folder name as people type it: no slashes, no control characters, not "." or "..". */
export const itemName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) && name !== '.' && name !== '..', {
    message: 'may not contain / or \\ or control characters',
  });

const tag = displayName(50);
export const itemTags = z
  .array(tag)
  .max(20)
  .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, { message: 'each tag once' });

export const createFolderInput = z.object({
  name: itemName,
  kind: z.enum(['folder', 'project']).default('folder'),
  /** The folder or project it goes into; null: the top of the library. */
  parentId: z.uuid().nullable().default(null),
});
export type CreateFolderInput = z.input<typeof createFolderInput>;

export const updateItemInput = z
  .object({ name: itemName, tags: itemTags })
  .partial()
  .refine((input) => Object.keys(input).length > 0, { message: 'nothing to change' });
export type UpdateItemInput = z.input<typeof updateItemInput>;

export const moveItemInput = z.object({ parentId: z.uuid().nullable() });
export const copyItemInput = z.object({ parentId: z.uuid().nullable(), name: itemName.optional() });

export const SORT_KEYS = ['name', 'updated', 'size', 'kind'] as const;

export const itemListQuery = z.object({
  /** The folder to list; omitted: the top. Ignored with `scope=all`. */
  parentId: z.uuid().optional(),
  /** `folder`: the folder's own entries; `all`: search the whole library (what the member may see). */
  scope: z.enum(['folder', 'all']).default('folder'),
  q: z.string().trim().max(200).optional(),
  fileKind: z.enum(FILE_KINDS).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  tag: z.string().trim().max(50).optional(),
  ownerId: z.uuid().optional(),
  /** Changed on or after / before (ISO 8601). */
  updatedFrom: z.iso.datetime({ offset: true }).optional(),
  updatedTo: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(SORT_KEYS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ItemListQuery = z.input<typeof itemListQuery>;

export const itemView = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(ITEM_KINDS),
  name: z.string(),
  fileKind: z.enum(FILE_KINDS).nullable(),
  mediaType: z.string().nullable(),
  size: z.number().int(),
  tags: z.array(z.string()),
  owner: z.object({ id: z.uuid(), name: z.string() }),
  restricted: z.boolean(),
  currentVersion: z.number().int().nullable(),
  /** The current version has a small picture (`GET …/thumbnail`): always worth asking for an image; a video's or PDF's is made by a member's browser (`PUT …/thumbnail`). */
  hasThumbnail: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  trashedAt: z.string().nullable(),
  /** The member's own role on it (what the UI offers). */
  role: z.enum(SPACE_ROLES),
});
export type ItemView = z.infer<typeof itemView>;

export const breadcrumbView = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ITEM_KINDS) });

export const itemListView = z.object({
  items: z.array(itemView),
  total: z.number().int(),
  /** The folder listed (null at the top) and the way to it from the top. */
  folder: itemView.nullable(),
  path: z.array(breadcrumbView),
});
export type ItemListView = z.infer<typeof itemListView>;

export const versionView = z.object({
  id: z.uuid(),
  number: z.number().int(),
  fileName: z.string(),
  fileKind: z.enum(FILE_KINDS),
  mediaType: z.string(),
  size: z.number().int(),
  uploadedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
  restoredFrom: z.number().int().nullable(),
  current: z.boolean(),
});
export const versionListView = z.object({ versions: z.array(versionView) });
export type VersionView = z.infer<typeof versionView>;

export const createSpaceUploadInput = z
  .object({
    fileName: itemName,
    totalBytes: z.number().int().min(1),
    /** The folder a new file goes into (null: the top) ... */
    folderId: z.uuid().nullable().default(null),
    /** ... or the file that gets a new version. */
    itemId: z.uuid().nullable().default(null),
  })
  .refine((input) => input.folderId === null || input.itemId === null, { message: 'either a folder or a file', path: ['itemId'] });
export type CreateSpaceUploadInput = z.input<typeof createSpaceUploadInput>;

export const spaceUploadView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  totalBytes: z.number().int(),
  receivedBytes: z.number().int(),
  status: z.enum(SPACE_UPLOAD_STATUSES),
  expiresAt: z.string(),
});
export type SpaceUploadView = z.infer<typeof spaceUploadView>;

export const accessEntryView = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  group: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  role: z.enum(SPACE_ROLES),
});
export const accessView = z.object({ restricted: z.boolean(), entries: z.array(accessEntryView), inheritedFrom: breadcrumbView.nullable() });
export type AccessView = z.infer<typeof accessView>;

export const setAccessInput = z.object({
  restricted: z.boolean(),
  entries: z
    .array(z.object({ userId: z.uuid().nullable().default(null), groupId: z.uuid().nullable().default(null), role: z.enum(SPACE_ROLES) }).refine((e) => (e.userId === null) !== (e.groupId === null), { message: 'a member or a group' }))
    .max(500),
});
export type SetAccessInput = z.input<typeof setAccessInput>;
