import type { AlertMessage } from './alert-message.js';
import type { ChannelType } from './notify-config.js';

/** One configured channel: sends one message to one address, or rejects saying why not. */
export interface Channel {
  type: ChannelType;
  send(address: string, message: AlertMessage): Promise<void>;
}

/** How a channel's failure reads in the message that goes out instead ("e-mail delivery failed: …"). */
export const channelLabel: Record<ChannelType, string> = { email: 'e-mail', xmpp: 'XMPP', sms: 'SMS' };
