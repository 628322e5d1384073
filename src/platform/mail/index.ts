// The public entry of platform/mail for the areas.
export { enqueueRenderedMail, type RenderedMailRequest } from './mail.queue.js';
export { escapeHtml, type RenderedMail } from './mail-templates.js';
