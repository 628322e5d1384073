import { randomBytes } from 'node:crypto';
import type { Channel } from './channel.js';
import { openXmppSession } from './xmpp-session.js';

export interface XmppChannelSettings {
  service: string;
  domain: string;
  username: string;
  password: string;
  tlsRejectUnauthorized: boolean;
  ca?: string;
  timeoutMs: number;
}

/**
 * XMPP chat messages from the monitor's own account. A session per message: alerts are rare, and a
 * fresh session needs no reconnect logic and cannot be found half-dead when it matters. The
 * message counts as delivered once the server has answered a ping sent after it (it handles
 * stanzas in order) without bouncing it, e.g. for an unknown account.
 */
export function createXmppChannel(settings: XmppChannelSettings): Channel {
  return {
    type: 'xmpp',
    async send(address, message) {
      const deadline = Date.now() + settings.timeoutMs;
      // A resource of its own per session: sessions for several people run at once, and the server
      // would end one that reuses another's resource ("conflict - Replaced by new connection").
      const session = await openXmppSession({ ...settings, resource: `lectern-monitor-${randomBytes(4).toString('hex')}` });
      try {
        const id = await session.sendChat(address, `${message.subject}\n${message.text}`);
        const bounces = await withDeadline(session.flush(), deadline);
        const bounce = bounces.get(id);
        if (bounce) throw new Error(`the XMPP server bounced the message to ${address}: ${bounce}`);
      } finally {
        await session.close();
      }
    },
  };
}

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('the XMPP server did not confirm the message in time')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
