// The public entry of platform/notifications for the areas: putting notices into users' inboxes.
export { addNotifications, type NewNotification } from './notifications.service.js';
