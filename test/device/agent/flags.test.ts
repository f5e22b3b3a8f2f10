import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAgentArgs, parseApp, parseDuration } from '../../../cli/agent/options.ts';

describe('agent flags', () => {
  test('durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('1m'), 60_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.throws(() => parseDuration('5'), /500ms, 5s or 1m/);
    assert.throws(() => parseDuration('fast'));
  });

  test('apps', () => {
    assert.deepEqual(parseApp('seatpost-security@22.1.0'), { app: 'seatpost-security', version: '22.1.0' });
    assert.throws(() => parseApp('seatpost-security'));
    assert.throws(() => parseApp('@1.0.0'));
  });

  test('defaults and repeated --app', () => {
    const options = parseAgentArgs(['--code', 'C', '--app', 'a@1.0.0', '--app', 'b@2.0.0', '--region', 'dk']);
    assert.ok(options);
    assert.equal(options.server, undefined);
    assert.deepEqual(options.apps, [
      { app: 'a', version: '1.0.0' },
      { app: 'b', version: '2.0.0' },
    ]);
    assert.equal(options.region, 'DK');
    assert.equal(options.pollIntervalMs, 5000);
    assert.equal(options.askUser, false);
    assert.deepEqual(parseAgentArgs([])?.apps, [{ app: 'seatpost-security', version: '22.1.0' }]);
    assert.equal(parseAgentArgs(['--help']), undefined);
    assert.equal(parseAgentArgs(['--server', 'http://h:1/'])?.server, 'http://h:1');
    assert.throws(() => parseAgentArgs(['--platform', 'beos']));
    assert.throws(() => parseAgentArgs(['--bogus']));
  });
});
