import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { spaceShareLinks } from '../sharing/sharing.schema.js';

/** Seconds of a video or audio a viewer played, as [start, end] pairs, sorted and not overlapping. */
export type PlayedRanges = [number, number][];
/** The pages of a PDF a viewer saw (numbered from 1), sorted, each once. */
export type SeenPages = number[];

/**
 * One view of a shared file's page: how long it was in front of the viewer (reported by the page,
 * never more than the time since it opened) and, for a video or audio, what was played. The viewer
 * is the visit log's hash of who they are, so no address is kept here either.
 */
export const spaceViewSessions = pgTable(
  'space_view_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    linkId: uuid('link_id').notNull(),
    itemId: uuid('item_id').notNull(),
    visitor: text('visitor').notNull(),
    userId: uuid('user_id'),
    recipientEmail: text('recipient_email'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    seconds: integer('seconds').notNull().default(0),
    /** The media's length in seconds, as the browser found it. */
    duration: real('duration'),
    played: jsonb('played').$type<PlayedRanges>().notNull().default(sql`'[]'::jsonb`),
    /** A PDF's number of pages, as the page's viewer found it, and the pages it showed long enough to count as seen. */
    pageCount: integer('page_count'),
    pagesSeen: jsonb('pages_seen').$type<SeenPages>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('space_view_sessions_link_idx').on(t.linkId, t.startedAt),
    // The views of a file (what moving it to the trash ends).
    index('space_view_sessions_item_idx').on(t.itemId),
    foreignKey({ columns: [t.linkId], foreignColumns: [spaceShareLinks.id] }).onDelete('cascade'),
  ],
);

/**
 * How far a view of a shared course got, per SCO, as the course reported it while the visitor
 * played it (Learn's player under an `area` credential, in normal mode without credit). Kept here
 * only, never in Learn's attempts. The latest commit of each SCO (by the player's sequence number) stays.
 */
export const spaceViewCourseProgress = pgTable(
  'space_view_course_progress',
  {
    tenantId: tenantIdColumn(),
    viewSessionId: uuid('view_session_id').notNull(),
    scoId: text('sco_id').notNull(),
    title: text('title').notNull(),
    /** The SCO's place in the course's flow order (0-based), and how many the course has. */
    position: integer('position').notNull(),
    itemCount: integer('item_count').notNull(),
    status: text('status').notNull(),
    progressMeasure: real('progress_measure'),
    scorePercent: real('score_percent'),
    /** The course's bookmark in the SCO (often a slide), as it set it. */
    location: text('location'),
    seconds: integer('seconds').notNull().default(0),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.viewSessionId, t.scoId] }), foreignKey({ columns: [t.viewSessionId], foreignColumns: [spaceViewSessions.id] }).onDelete('cascade')],
);
