import { describe, expect, it } from 'vitest';
import { checkAgentOrGroup, inverseFunctionalIdentifierOf, validateAgent, type AgentPlace } from './validate-agent.js';

const mbox = { mbox: 'mailto:xapi@adlnet.gov' };
const account = { account: { homePage: 'http://www.example.com', name: 'xAPI account name' } };
const sha1 = { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' };
const openid = { openid: 'http://openid.example.org/12345' };
const anonymousGroup = { objectType: 'Group', member: [mbox, { objectType: 'Agent', ...account }] };

describe('validateAgent', () => {
  it.each<[string, unknown]>([
    ['an Agent by mbox', { objectType: 'Agent', name: 'xAPI mbox', ...mbox }],
    ['an Agent without objectType', mbox],
    ['an Agent by mbox_sha1sum', sha1],
    ['an Agent by openid', openid],
    ['an Agent by account', account],
    ['an Agent with an empty name', { name: '', ...mbox }],
    ['an account with an empty name', { account: { homePage: 'http://example.com', name: '' } }],
    ['an Identified Group without members', { objectType: 'Group', ...openid }],
    ['an Identified Group with an empty member list', { objectType: 'Group', ...mbox, member: [] }],
    ['an Identified Group with members', { objectType: 'Group', name: 'Group', ...sha1, member: [mbox, openid] }],
    ['an Anonymous Group', anonymousGroup],
  ])('accepts %s', (_name, agent) => expect(validateAgent(agent, '2.0')).toEqual({ ok: true }));

  it.each<[string, unknown, string, string, string?]>([
    ['no object', 'mailto:xapi@adlnet.gov', '', 'wrong-type', 'object'],
    ['null', null, '', 'null'],
    ['a list', [mbox], '', 'wrong-type', 'object'],
    ['no identifier', { name: 'nobody' }, '', 'one-identifier', 'Agent'],
    ['two identifiers', { ...mbox, ...openid }, '', 'one-identifier', 'Agent'],
    ['a Group with two identifiers', { objectType: 'Group', ...mbox, ...account }, '', 'one-identifier', 'Group'],
    ['an identifier that is null', { mbox: null }, 'mbox', 'null'],
    ['an mbox without mailto:', { mbox: 'xapi@adlnet.gov' }, 'mbox', 'mbox'],
    ['an mbox that is a number', { mbox: 12345 }, 'mbox', 'mbox'],
    ['an mbox_sha1sum too short', { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e36497' }, 'mbox_sha1sum', 'mbox-sha1sum'],
    ['an openid without scheme', { openid: 'open.id.com/testUser' }, 'openid', 'openid'],
    ['an openid with non-ASCII', { openid: 'http://openid.example.org/ü' }, 'openid', 'openid'],
    ['an account as a string', { account: 'me' }, 'account', 'wrong-type', 'object'],
    ['an account without homePage', { account: { name: 'x' } }, 'account.homePage', 'required'],
    ['an account without name', { account: { homePage: 'http://example.com' } }, 'account.name', 'required'],
    ['an account homePage without scheme', { account: { homePage: 'homePage.com/testUser', name: 'x' } }, 'account.homePage', 'iri'],
    ['an account name that is a number', { account: { homePage: 'http://example.com', name: 123456 } }, 'account.name', 'wrong-type', 'string'],
    ['an account with another key', { account: { homePage: 'http://example.com', name: 'x', id: 1 } }, 'account.id', 'unknown-property'],
    ['a name that is a number', { name: 1, ...mbox }, 'name', 'wrong-type', 'string'],
    ['objectType in lower case', { objectType: 'agent', ...mbox }, 'objectType', 'object-type', 'Agent, Group'],
    ['objectType that is an object', { objectType: {}, ...mbox }, 'objectType', 'wrong-type', 'string'],
    ['a property in the wrong case', { Mbox: 'mailto:x@y.z' }, 'Mbox', 'unknown-property'],
    ['an unknown property', { ...mbox, key: 'should fail' }, 'key', 'unknown-property'],
    ['members of an Agent', { ...mbox, member: [openid] }, 'member', 'unknown-property'],
    ['an Anonymous Group without members', { objectType: 'Group', name: 'Group Anonymous' }, 'member', 'required'],
    ['an Anonymous Group with an empty list', { objectType: 'Group', member: [] }, 'member', 'empty'],
    ['members that are not a list', { objectType: 'Group', member: mbox }, 'member', 'wrong-type', 'array'],
    ['a Group in a Group', { objectType: 'Group', member: [mbox, { objectType: 'Group', ...openid }] }, 'member.1.objectType', 'group-member'],
    ['an invalid member', { objectType: 'Group', ...mbox, member: [{ name: 'no id' }] }, 'member.0', 'one-identifier', 'Agent'],
    ['a null member', { objectType: 'Group', member: [null] }, 'member.0', 'null'],
  ])('refuses %s', (_name, agent, field, problem, detail) => {
    expect(validateAgent(agent, '1.0')).toEqual({ ok: false, field, problem, ...(detail === undefined ? {} : { detail }) });
  });

  it('accepting identified ones, refuses an Anonymous Group (lookups go by identifier)', () => {
    expect(validateAgent(anonymousGroup, '2.0', { accept: 'identified' })).toEqual({ ok: false, field: '', problem: 'one-identifier', detail: 'identified' });
    expect(validateAgent({ objectType: 'Group', ...mbox }, '2.0', { accept: 'identified' })).toEqual({ ok: true });
    expect(validateAgent(mbox, '2.0', { accept: 'identified' })).toEqual({ ok: true });
  });

  it('accepting Agents, refuses Groups', () => {
    expect(validateAgent({ objectType: 'Group', ...mbox }, '1.0', { accept: 'agent' })).toEqual({ ok: false, field: 'objectType', problem: 'object-type', detail: 'Agent' });
    expect(validateAgent({ objectType: 'Agent', ...mbox }, '1.0', { accept: 'agent' })).toEqual({ ok: true });
    expect(validateAgent(true, '1.0', { accept: 'agent' })).toEqual({ ok: false, field: '', problem: 'wrong-type', detail: 'object' });
  });
});

describe('checkAgentOrGroup by place', () => {
  const group = { objectType: 'Group', ...mbox };
  it.each<[AgentPlace, unknown, string | undefined]>([
    ['agent', mbox, undefined],
    ['agent', group, 'object-type'],
    ['group', group, undefined],
    ['group', mbox, 'object-type'],
    ['group', { objectType: 'Agent', ...mbox }, 'object-type'],
    ['member', mbox, undefined],
    ['member', group, 'group-member'],
    ['any', group, undefined],
    ['identified', anonymousGroup, 'one-identifier'],
  ])('%s: %j', (place, value, problem) => {
    expect(checkAgentOrGroup(value, 'here', place)?.problem).toBe(problem);
  });
});

describe('hostile input', () => {
  it('takes __proto__ and other Object.prototype names as unknown keys', () => {
    expect(validateAgent(JSON.parse('{"mbox":"mailto:a@b.c","__proto__":{"mbox_sha1sum":"x"}}'), '2.0')).toEqual({ ok: false, field: '__proto__', problem: 'unknown-property' });
    expect(validateAgent(JSON.parse('{"mbox":"mailto:a@b.c","constructor":1}'), '2.0')).toEqual({ ok: false, field: 'constructor', problem: 'unknown-property' });
    expect(validateAgent(JSON.parse('{"account":{"homePage":"http://x.y","name":"n","__proto__":null}}'), '2.0')).toMatchObject({ field: 'account.__proto__' });
  });

  it('reads nothing from a polluted prototype', () => {
    const polluted = Object.create({ mbox: 'mailto:inherited@example.com' }) as object;
    expect(validateAgent(polluted, '2.0')).toMatchObject({ ok: false, problem: 'wrong-type' });
  });

  it('accepts an object without prototype, refuses class instances', () => {
    expect(validateAgent(Object.assign(Object.create(null) as object, mbox), '2.0')).toEqual({ ok: true });
    expect(validateAgent(new Date(), '2.0')).toMatchObject({ ok: false, problem: 'wrong-type' });
    expect(validateAgent(new Map([['mbox', 'mailto:a@b.c']]), '2.0')).toMatchObject({ ok: false, problem: 'wrong-type' });
  });

  it('stops at a Group nested in a member, however deep the nesting goes', () => {
    let nested: unknown = mbox;
    for (let depth = 0; depth < 10_000; depth++) nested = { objectType: 'Group', member: [nested] };
    expect(validateAgent(nested, '2.0')).toEqual({ ok: false, field: 'member.0.objectType', problem: 'group-member' });
  });

  it('walks a huge member list in linear time', () => {
    const member = Array.from({ length: 200_000 }, (_, index) => ({ mbox: `mailto:member${index}@example.com` }));
    const started = performance.now();
    expect(validateAgent({ objectType: 'Group', member }, '2.0')).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('inverseFunctionalIdentifierOf', () => {
  it.each<[unknown, string | undefined]>([
    [mbox, 'mbox:mailto:xapi@adlnet.gov'],
    [{ objectType: 'Group', name: 'x', ...mbox, member: [openid] }, 'mbox:mailto:xapi@adlnet.gov'],
    [{ mbox_sha1sum: 'CD9B00A5611F94EAA7B1661EDAB976068E364975' }, 'mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975'],
    [openid, 'openid:http://openid.example.org/12345'],
    [account, 'account:http://www.example.com xAPI account name'],
    [anonymousGroup, undefined],
    [{ ...mbox, ...openid }, undefined],
    [{ account: { homePage: 'http://x.y' } }, undefined],
    ['mailto:xapi@adlnet.gov', undefined],
    [null, undefined],
  ])('%j → %s', (agent, key) => expect(inverseFunctionalIdentifierOf(agent)).toBe(key));
});
