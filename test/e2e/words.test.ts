import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DELIVERY_STATUSES } from '../../src/domain/delivery.ts';
import { APP_FAILURE_CODES, REASON_CODES } from '../../src/domain/reasons.ts';
import { ERROR_STATUS } from '../../src/app/shared/errors.ts';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';

/** "The portal's words" in shared/spec/sending.md: these labels, exactly, in both languages. */
const PORTAL_WORDS: [string, string, string, string][] = [
  ['nav', 'subscriptions', 'Subscriptions', 'Abonnementer'],
  ['nav', 'devices', 'Devices', 'Enheder'],
  ['send', 'sendToDevice', 'Send to device', 'Send til enhed'],
  ['send', 'connectedDevice', 'Connected device', 'Tilsluttet enhed'],
  ['send', 'otherDownloads', 'Other downloads', 'Andre downloads'],
  ['send', 'sendLink', 'Send link', 'Send link'],
  ['send', 'sendSubscription', 'Send subscription', 'Send abonnement'],
  ['send', 'send', 'Send', 'Send'],
  ['myDevices', 'title', 'My devices', 'Mine enheder'],
  ['myDevices', 'undo', 'Undo send', 'Fortryd send'],
];

const word = (messages: typeof en, group: string, key: string): unknown =>
  (messages as unknown as Record<string, Record<string, unknown>>)[group]?.[key];

test('the portal shows the spec’s labels exactly, in English and Danish', () => {
  for (const [group, key, english, danish] of PORTAL_WORDS) {
    assert.equal(word(en, group, key), english, `en ${group}.${key}`);
    assert.equal(word(da, group, key), danish, `da ${group}.${key}`);
  }
  assert.equal(en.subscriptions.title, 'Subscriptions');
  assert.equal(da.subscriptions.title, 'Abonnementer');
  assert.equal(en.devices.title, 'Devices');
  assert.equal(da.devices.title, 'Enheder');
});

test('every reason code, and every reason an app may give, is a sentence in both languages, never the code', () => {
  assert.equal(REASON_CODES.length, 17);
  for (const code of [...REASON_CODES, ...APP_FAILURE_CODES]) {
    for (const [lang, messages] of [
      ['en', en],
      ['da', da],
    ] as const) {
      const sentence = (messages.reasons as Record<string, string>)[code];
      assert.ok(sentence, `${lang} has a sentence for ${code}`);
      assert.match(sentence, /^\p{Lu}.*\.$/u, `${lang} ${code} is a sentence: "${sentence}"`);
      assert.ok(!/[A-Z]{2,}_[A-Z]/.test(sentence), `${lang} ${code} shows no code: "${sentence}"`);
    }
    assert.notEqual(en.reasons[code], da.reasons[code], `${code} is translated`);
  }
});

test('every delivery status has words in both languages', () => {
  for (const status of [...DELIVERY_STATUSES, 'active'] as const) {
    assert.ok(en.status[status], `en ${status}`);
    assert.ok(da.status[status], `da ${status}`);
    assert.notEqual(en.status[status], da.status[status], `${status} is translated`);
  }
});

/** Every Danish string the portal shows, however deeply nested. */
function danishStrings(value: unknown, path = 'da'): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => danishStrings(v, `${path}.${k}`));
  return [];
}

/** Words a Dane would not write here (issue 19), with what to write instead. */
const NOT_DANISH_HERE: [RegExp, string][] = [
  [/\bhurtigere end\b/i, '"udløber tidligere end"'],
  [/\bprogrammet\b/i, '"appen"'],
  [/\btomme pladser\b/i, '"ledige pladser"'],
  [/\bper bruger\b/i, '"pr. bruger"'],
  [/\bNy her\b/, '"Har du ikke en konto?"'],
  [
    /\b(Installer|Inviter|Accepter|Kopier|Eksporter|Kontroller)\b(?! ?-)/,
    'the accented imperative ("Installér", "Invitér", …)',
  ],
  [/^Afbryd$/, '"Fjern enhed" or "Afbryd forbindelsen til …"'],
  [/^Prøve$/, '"Prøveabonnement"'],
];

test('the Danish reads as a Dane would write it: one accent style for imperatives, "appen", "ledige pladser"', () => {
  for (const [path, text] of danishStrings(da))
    for (const [pattern, instead] of NOT_DANISH_HERE)
      assert.ok(!pattern.test(text), `${path}: "${text}" — write ${instead}`);
});

test('every error code the service answers with is a sentence in both languages', () => {
  for (const code of Object.keys(ERROR_STATUS)) {
    for (const [lang, messages] of [
      ['en', en],
      ['da', da],
    ] as const) {
      const sentence = (messages.errors as Record<string, string>)[code];
      assert.ok(sentence, `${lang} has a sentence for ${code}`);
      assert.match(sentence, /^\p{Lu}.*[.!?]$/u, `${lang} ${code} is a sentence: "${sentence}"`);
    }
    assert.notEqual(
      (en.errors as Record<string, string>)[code],
      (da.errors as Record<string, string>)[code],
      `${code} is translated`,
    );
  }
});
