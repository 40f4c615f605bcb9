import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPolicy, validatePolicy, type CadencePolicy } from './policy.ts';

const step = (overrides: Record<string, unknown>) => ({ id: 's', offsetDays: 1, channel: 'email', template: 't', tone: 'friendly', ...overrides });

function errorsOf(input: unknown) {
  const result = validatePolicy(input);
  assert.equal(result.ok, false, 'expected the policy to be rejected');
  return result.ok ? [] : result.errors;
}

describe('cadence policy', () => {
  it('ships the default régua from D-3 to D+60', () => {
    const outline = defaultPolicy.steps.map((s) => [s.offsetDays, s.channel, s.template, s.action ?? s.fallbackChannel ?? null]);
    assert.deepEqual(outline, [
      [-3, 'email', 'courtesy_reminder', null],
      [1, 'email', 'friendly_reminder', null],
      [5, 'whatsapp', 'whatsapp_reminder', 'sms'],
      [10, 'call_task', 'call_script', null],
      [20, 'email', 'firm_reminder', null],
      [20, 'letter', 'letter_firm', null],
      [30, 'email', 'final_notice', null],
      [45, 'action', 'bureau_listing', 'bureau_listing'],
      [60, 'call_task', 'agency_or_legal_review', null],
    ]);
    assert.equal(defaultPolicy.steps.find((s) => s.channel === 'letter')?.attachInvoices, true);
    // Tone only ever hardens along the régua.
    const order = ['friendly', 'neutral', 'firm', 'final'];
    const tones = defaultPolicy.steps.map((s) => order.indexOf(s.tone));
    assert.deepEqual(
      tones,
      [...tones].sort((a, b) => a - b),
    );
  });

  it('accepts the default policy as it is, also after a JSON round trip', () => {
    const result = validatePolicy(JSON.parse(JSON.stringify(defaultPolicy)));
    assert.deepEqual(result, { ok: true, policy: defaultPolicy });
  });

  it('sorts steps by offset and keeps the written order of steps at the same offset', () => {
    const result = validatePolicy({
      name: 'short',
      version: 2,
      steps: [
        step({ id: 'late-letter', offsetDays: 20, channel: 'letter' }),
        step({ id: 'late-email', offsetDays: 20 }),
        step({ id: 'early', offsetDays: -3 }),
        step({ id: 'mid', offsetDays: 7, conditions: { minOpenMinor: { BRL: 5000 }, partyTypes: ['business'], countries: ['BR'] } }),
      ],
    });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(
      result.policy.steps.map((s) => s.id),
      ['early', 'mid', 'late-letter', 'late-email'],
    );
    assert.deepEqual(result.policy.steps[1]?.conditions, { minOpenMinor: { BRL: 5000 }, partyTypes: ['business'], countries: ['BR'] });
  });

  it('does not share objects with its input', () => {
    const input = JSON.parse(JSON.stringify(defaultPolicy)) as CadencePolicy;
    const result = validatePolicy(input);
    assert.ok(result.ok);
    input.steps[0]!.template = 'changed';
    assert.equal(result.policy.steps[0]?.template, 'courtesy_reminder');
  });

  it('reports every problem with the path that locates it', () => {
    const errors = errorsOf({
      name: 'broken',
      version: 1,
      steps: [
        step({ id: 'a' }),
        step({ id: 'a', offsetDays: 1.5 }),
        step({ id: 'b', channel: 'telegram', tone: 'angry' }),
        step({ id: 'c', channel: 'action' }),
        step({ id: 'd', conditions: { minOpenMinor: { BRL: -1, XYZ: 100 }, partyTypes: ['person'], countries: ['Brazil'] } }),
      ],
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'steps[1].offsetDays',
        'steps[1].id',
        'steps[2].channel',
        'steps[2].tone',
        'steps[3].action',
        'steps[4].conditions.minOpenMinor.BRL',
        'steps[4].conditions.minOpenMinor.XYZ',
        'steps[4].conditions.countries[0]',
        'steps[4].conditions.partyTypes[0]',
      ],
    );
    const byPath = new Map(errors.map((e) => [e.path, e.message]));
    assert.match(byPath.get('steps[1].id') ?? '', /duplicate step id "a" \(also steps\[0\]\)/);
    assert.match(byPath.get('steps[2].channel') ?? '', /unknown channel "telegram"/);
    assert.match(byPath.get('steps[3].action') ?? '', /needs an action/);
    assert.match(byPath.get('steps[4].conditions.minOpenMinor.BRL') ?? '', /negative/);
    assert.match(byPath.get('steps[4].conditions.minOpenMinor.XYZ') ?? '', /unknown currency "XYZ"/);
  });

  it('rejects actions that are unknown or on a step that is not an action', () => {
    const errors = errorsOf({
      name: 'x',
      version: 1,
      steps: [step({ id: 'a', channel: 'action', action: 'send_flowers' }), step({ id: 'b', action: 'bureau_listing' })],
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['steps[0].action', 'steps[1].action'],
    );
  });

  it('checks the fallback channel', () => {
    const errors = errorsOf({
      name: 'x',
      version: 1,
      steps: [
        step({ id: 'a', channel: 'whatsapp', fallbackChannel: 'whatsapp' }),
        step({ id: 'b', fallbackChannel: 'pigeon' }),
        step({ id: 'c', channel: 'action', action: 'bureau_listing', fallbackChannel: 'email' }),
        step({ id: 'd', channel: 'whatsapp', fallbackChannel: 'sms' }),
      ],
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['steps[0].fallbackChannel', 'steps[1].fallbackChannel', 'steps[2].fallbackChannel'],
    );
  });

  it('rejects unknown fields so a typo cannot silently change a step', () => {
    const errors = errorsOf({ name: 'x', version: 1, steps: [step({ offsetday: 3 })], owner: 'me' });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['owner', 'steps[0].offsetday'],
    );
  });

  it('rejects a policy that is not an object, or lacks a name, a version or steps', () => {
    assert.deepEqual(errorsOf(null), [{ path: '', message: 'a policy must be an object' }]);
    assert.deepEqual(
      errorsOf([]).map((e) => e.path),
      [''],
    );
    assert.deepEqual(
      errorsOf({}).map((e) => e.path),
      ['name', 'version', 'steps'],
    );
    assert.deepEqual(
      errorsOf({ name: ' ', version: 0, steps: [] }).map((e) => e.path),
      ['name', 'version', 'steps'],
    );
    assert.deepEqual(errorsOf({ name: 'x', version: 1, steps: [42] }), [{ path: 'steps[0]', message: 'must be an object' }]);
  });

  it('checks field types inside steps and conditions', () => {
    const errors = errorsOf({
      name: 'x',
      version: 1,
      steps: [step({ id: '', template: 7, attachInvoices: 'yes', conditions: { segments: 'retail', tiers: [''], minOpenMinor: { BRL: 10.5 } } })],
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'steps[0].id',
        'steps[0].template',
        'steps[0].attachInvoices',
        'steps[0].conditions.minOpenMinor.BRL',
        'steps[0].conditions.segments',
        'steps[0].conditions.tiers[0]',
      ],
    );
  });
});
