import type { Channel } from './channel.js';

export interface SmsChannelSettings {
  url: string;
  method: 'POST' | 'GET';
  contentType: 'application/json' | 'application/x-www-form-urlencoded' | 'text/plain';
  bodyTemplate?: string;
  headers: Record<string, string>;
  /** The Authorization header's value, secret included (never logged). */
  authorization?: string;
  timeoutMs: number;
  successStatus?: number[];
  maxLength: number;
}

const escapeFor: Record<SmsChannelSettings['contentType'], (value: string) => string> = {
  'application/json': (value) => JSON.stringify(value).slice(1, -1),
  'application/x-www-form-urlencoded': encodeURIComponent,
  'text/plain': (value) => value,
};

/** Replaces {{to}} and {{text}} (any other {{…}} is left as written), each value escaped for where it goes. */
export function fillTemplate(template: string, values: { to: string; text: string }, escape: (value: string) => string): string {
  return template.replace(/\{\{\s*(to|text)\s*\}\}/g, (_all, key: 'to' | 'text') => escape(values[key]));
}

/** Cuts a text to at most `max` characters (whole code points), marking the cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * SMS through an HTTP gateway: one request per message, built from the configured URL, method,
 * headers and body template. Anything but an accepted status, or no answer within timeoutMs, is a
 * failure. Errors name the status, never the URL or headers (they may carry credentials).
 */
export function createSmsChannel(settings: SmsChannelSettings): Channel {
  return {
    type: 'sms',
    async send(address, message) {
      const values = { to: address, text: cut(message.short, settings.maxLength) };
      const url = fillTemplate(settings.url, values, encodeURIComponent);
      const headers: Record<string, string> = { ...settings.headers };
      if (settings.authorization) headers.authorization = settings.authorization;
      let body: string | undefined;
      if (settings.method === 'POST') {
        body = fillTemplate(settings.bodyTemplate ?? '', values, escapeFor[settings.contentType]);
        headers['content-type'] = settings.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : settings.contentType;
      }
      let response: Response;
      try {
        response = await fetch(url, { method: settings.method, headers, body, signal: AbortSignal.timeout(settings.timeoutMs), redirect: 'error' });
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`the SMS gateway did not answer within ${settings.timeoutMs} ms`, { cause: error });
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(`the SMS gateway could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`, { cause: error });
      }
      await response.body?.cancel().catch(() => {});
      const accepted = settings.successStatus ? settings.successStatus.includes(response.status) : response.status >= 200 && response.status < 300;
      if (!accepted) throw new Error(`the SMS gateway answered ${response.status}`);
    },
  };
}
