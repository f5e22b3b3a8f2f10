import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PAGE, MAX_PAGE, pageSize } from '../../src/domain/console-lists.ts';

test('a page is at least one row and at most MAX_PAGE; 50 when not asked', () => {
  for (const [asked, size] of [
    [undefined, DEFAULT_PAGE],
    [Number.NaN, DEFAULT_PAGE],
    [0, 1],
    [-5, 1],
    [1, 1],
    [20.7, 20],
    [MAX_PAGE, MAX_PAGE],
    [MAX_PAGE + 1, MAX_PAGE],
    [Number.POSITIVE_INFINITY, DEFAULT_PAGE],
  ] as const)
    assert.equal(pageSize(asked), size, String(asked));
});
