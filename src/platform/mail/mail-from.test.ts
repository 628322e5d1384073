import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { fromOf } from './mail-transport.js';

/** The message nodemailer would send, without a server. */
async function rendered(from: ReturnType<typeof fromOf>) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail({ from, to: 'lea@acme.test', subject: 'Hello', text: 'Hi' });
  return { raw: (info.message as Buffer).toString('utf8'), envelope: info.envelope };
}

describe('the From header of a site with a sender name', () => {
  it('keeps the configured sender without one, and the configured address with one', async () => {
    expect(fromOf('Lectern <no-reply@lectern.test>', '')).toBe('Lectern <no-reply@lectern.test>');
    expect(fromOf('Lectern <no-reply@lectern.test>', 'Acme Academy')).toEqual({ name: 'Acme Academy', address: 'no-reply@lectern.test' });
    expect(fromOf('no-reply@lectern.test', 'Acme Academy')).toEqual({ name: 'Acme Academy', address: 'no-reply@lectern.test' });
    const { raw, envelope } = await rendered(fromOf('Lectern <no-reply@lectern.test>', 'Müller & Söhne Akademie'));
    expect(raw).toMatch(/^From: =\?UTF-8\?Q\?M=C3=BCller_=26_S=C3=B6hne_Akademie\?=\s+<no-reply@lectern\.test>$/m);
    expect(envelope.from).toBe('no-reply@lectern.test');
  });

  it('cannot add a header or a recipient, even with a name the settings would refuse', async () => {
    const { raw, envelope } = await rendered(fromOf('Lectern <no-reply@lectern.test>', 'Evil\r\nBcc: victim@example.com, "x" <boss@example.com>'));
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(raw.split('\n\n')[0]!.match(/^From:.*$/gm)).toHaveLength(1);
    expect(envelope).toEqual({ from: 'no-reply@lectern.test', to: ['lea@acme.test'] });
  });
});
