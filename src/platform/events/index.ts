// The public entry of platform/events for the areas; the tables are public in events.schema.ts.
export { defineEvent, publishEvent, type DomainEvent, type EventType } from './domain-events.js';
export { onEvent, type EventHandler } from './event-handlers.js';
