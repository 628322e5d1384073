import type { XapiVersion } from '../../xapi/xapi-version.js';

// The checks of agents and of xAPI's string formats that the document resources need.

type AgentCheck = { ok: true } | { ok: false; field: string; problem: string };

const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const AGENT_PROPERTIES = new Set(['objectType', 'name', ...IFI_PROPERTIES]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An absolute IRI: a scheme, a colon, and no characters IRIs exclude (spaces, controls, <>"{}|\^`). */
export function isIri(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f<>"{}|\\^`]+$/u.test(value);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 date and time; without an offset it is read as UTC. The offset -00:00 ("unknown") is refused, as xAPI asks. */
export function parseTimestamp(value: string): Date | undefined {
  const match = TIMESTAMP.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  if (/^-00(:?00)?$/.test(zone)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const offset = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 30 February over into March: the day must survive the round trip.
  const calendarDay = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendarDay.getUTCMonth() !== Number(month) - 1 || calendarDay.getUTCDate() !== Number(day)) return undefined;
  return date;
}

function checkIdentifier(agent: Record<string, unknown>, name: (typeof IFI_PROPERTIES)[number], version: XapiVersion): AgentCheck {
  const value = agent[name];
  const fail = (problem: string, field: string = name): AgentCheck => ({ ok: false, field, problem });
  switch (name) {
    case 'mbox':
      return typeof value === 'string' && /^mailto:[^\s@]+@[^\s@]+$/i.test(value) ? { ok: true } : fail('must be a mailto IRI of an e-mail address');
    case 'mbox_sha1sum':
      return typeof value === 'string' && /^[0-9a-f]{40}$/i.test(value) ? { ok: true } : fail('must be the hex SHA-1 of a mailto IRI');
    case 'openid':
      return typeof value === 'string' && isIri(value) ? { ok: true } : fail('must be an IRI');
    case 'account': {
      if (!isObject(value)) return fail('must be an object with homePage and name');
      const extra = Object.keys(value).find((key) => key !== 'homePage' && key !== 'name');
      if (extra) return fail('is not an account property', `account.${extra}`);
      // 1.0.x calls homePage an IRL; 2.0.0 an IRI. Both need a scheme.
      if (typeof value.homePage !== 'string' || !isIri(value.homePage)) return fail(version === '1.0' ? 'must be an IRL' : 'must be an IRI', 'account.homePage');
      if (typeof value.name !== 'string' || value.name === '') return fail('must be a non-empty string', 'account.name');
      return { ok: true };
    }
  }
}

/** An Agent (objectType absent or "Agent") with exactly one inverse functional identifier and no other properties than xAPI gives it. */
export function validateAgent(value: unknown, version: XapiVersion): AgentCheck {
  if (!isObject(value)) return { ok: false, field: '', problem: 'must be a JSON object' };
  const extra = Object.keys(value).find((key) => !AGENT_PROPERTIES.has(key));
  if (extra) return { ok: false, field: extra, problem: 'is not an Agent property' };
  if (value.objectType !== undefined && value.objectType !== 'Agent') return { ok: false, field: 'objectType', problem: 'must be "Agent"' };
  if (value.name !== undefined && typeof value.name !== 'string') return { ok: false, field: 'name', problem: 'must be a string' };
  const identifiers = IFI_PROPERTIES.filter((name) => value[name] !== undefined);
  if (identifiers.length !== 1) return { ok: false, field: '', problem: 'must have exactly one of mbox, mbox_sha1sum, openid and account' };
  return checkIdentifier(value, identifiers[0]!, version);
}

/** The agent's (or identified group's) inverse functional identifier as one string: `mbox:mailto:x@y`, `mbox_sha1sum:<hex>`, `openid:<uri>`, `account:<homePage> <name>`. */
export function inverseFunctionalIdentifierOf(agent: Record<string, unknown>): string {
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox}`;
  if (typeof agent.mbox_sha1sum === 'string') return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (isObject(agent.account)) return `account:${String(agent.account.homePage)} ${String(agent.account.name)}`;
  throw new Error('inverseFunctionalIdentifierOf: the agent has no inverse functional identifier');
}
