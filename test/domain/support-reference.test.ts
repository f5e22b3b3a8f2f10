import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatSupportReference,
  normalizeSupportReference,
  parseSupportContact,
  SUPPORT_REFERENCE_ALPHABET,
  SUPPORT_REFERENCE_LENGTH,
} from '../../src/domain/support-reference.ts';

test('a support reference has at least 40 bits', () => {
  assert.equal(SUPPORT_REFERENCE_ALPHABET.length, 32);
  assert.equal(new Set(SUPPORT_REFERENCE_ALPHABET).size, 32);
  assert.ok(SUPPORT_REFERENCE_LENGTH * Math.log2(SUPPORT_REFERENCE_ALPHABET.length) >= 40);
  assert.equal(formatSupportReference('7K3Q9XF2'), 'SP-7K3Q-9XF2');
});

test('a reference is read back however it was typed', () => {
  const cases: [string, string | null][] = [
    ['SP-7K3Q-9XF2', '7K3Q9XF2'],
    ['sp-7k3q-9xf2', '7K3Q9XF2'],
    ['SP7K3Q9XF2', '7K3Q9XF2'],
    ['7K3Q-9XF2', '7K3Q9XF2'],
    [' sp 7k3q 9xf2 ', '7K3Q9XF2'],
    ['SP-7K3Q-9XFO', '7K3Q9XF0'], // O read as zero
    ['SP-7K3Q-9XFl', '7K3Q9XF1'], // l read as one
    ['SP-SPSP-SPSP', 'SPSPSPSP'],
    ['SP-7K3Q-9XF', null],
    ['SP-7K3Q-9XF22', null],
    ['SP-UUUU-UUUU', null],
    ['', null],
    ['SP-7K3Q-9XF!', null],
  ];
  for (const [typed, raw] of cases) assert.equal(normalizeSupportReference(typed), raw, typed);
});

test('the support contact is an https URL or an email address', () => {
  assert.deepEqual(parseSupportContact('support@firma.dk'), { kind: 'email', value: 'support@firma.dk' });
  assert.deepEqual(parseSupportContact('https://firma.dk/help'), {
    kind: 'url',
    value: 'https://firma.dk/help',
  });
  for (const bad of ['http://firma.dk', 'javascript:alert(1)', 'mailto:a@b.dk', 'a@b', 'no', 'https://'])
    assert.equal(parseSupportContact(bad), null, bad);
});
