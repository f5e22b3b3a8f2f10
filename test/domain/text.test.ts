import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { EMAIL_PATTERN, hasControlCharacter, normalizeName, singleLine } from '../../src/domain/text.ts';

describe('hasControlCharacter', () => {
  const CASES: readonly [string, boolean][] = [
    ['Ann’s laptop', false],
    ['', false],
    ['1.4.2-beta+7', false],
    ['Bøf & Ærter — كمبيوتر 👨‍👩‍👧', false],
    ['a\u0000b', true],
    ['tab\there', true],
    ['line\nbreak', true],
    ['carriage\rreturn', true],
    ['\u001f', true],
    ['del\u007f', true],
    ['c1\u0085', true],
    ['c1\u009f', true],
    ['\u2028', true],
    ['\u2029', true],
    ['\u00a0no-break space is text', false],
  ];
  for (const [text, expected] of CASES)
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(hasControlCharacter(text), expected));
});

describe('normalizeName', () => {
  const CASES: readonly [string, string][] = [
    ['Ann’s laptop', 'Ann’s laptop'],
    ['  padded\u00a0 ', 'padded'],
    ['\u202eevil.exe\u202c', 'evil.exe'],
    ['a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['l\u200er\u200fa\u061c', 'lra'],
    ['zero\u200bwidth\u200c\u200d\u2060\ufeff', 'zerowidth'],
    ['\ufeff', ''],
    ['   ', ''],
    ['\u200b \u202e', ''],
    ['Kontor 3', 'Kontor 3'],
  ];
  for (const [name, expected] of CASES)
    it(`${JSON.stringify(name)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(normalizeName(name), expected));

  it('returns a clean name as it is, without a copy', () => {
    const clean = 'Reception PC';
    assert.equal(normalizeName(clean), clean);
  });
});

describe('singleLine', () => {
  const CASES: readonly [string, string][] = [
    ['Bager Hansen ApS', 'Bager Hansen ApS'],
    ['Evil\r\nBcc: victim@example.com', 'Evil Bcc: victim@example.com'],
    ['a\u0000b\tc\u2028d', 'a b c d'],
    ['  many   spaces\n\n', 'many spaces'],
    ['\u202eabc', 'abc'],
  ];
  for (const [text, expected] of CASES)
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(singleLine(text), expected));
});

describe('EMAIL_PATTERN', () => {
  it("is the pattern better-auth's sign-up checks addresses with (zod's email())", () => {
    assert.equal(EMAIL_PATTERN, z.regexes.email.source);
  });

  const email = new RegExp(EMAIL_PATTERN, 'u');
  const CASES: readonly [string, boolean][] = [
    ['ann@example.com', true],
    ['Ann.Other+tag@Example.DK', true],
    ["o'neil@example.com", true],
    ['a!b@example.com', false],
    ['a#b@example.com', false],
    ['x@example.c0m', false],
    ['x@localhost', false],
    ['a..b@example.com', false],
  ];
  for (const [address, expected] of CASES)
    it(`${address} → ${expected}, as zod says`, () => {
      assert.equal(email.test(address), expected);
      assert.equal(z.email().safeParse(address).success, expected);
    });
});
