import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataFile, './data/hookbridge.json');
    assert.equal(config.discord.apiUrl, 'https://discord.com/api');
    assert.equal(config.slack.apiUrl, 'https://slack.com/api/');
    assert.deepEqual(config.github.secrets, []);
    assert.equal(config.adminToken, undefined);
  });

  it('splits secret rotation lists', () => {
    assert.deepEqual(loadConfig({ GITHUB_WEBHOOK_SECRET: ' a , b,,' }).github.secrets, ['a', 'b']);
  });

  it('names every invalid variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DISCORD_API_URL: 'ftp://x', ADMIN_TOKEN: 'short', LOG_LEVEL: 'loud' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ['PORT', 'DISCORD_API_URL', 'ADMIN_TOKEN', 'LOG_LEVEL']) assert.match(err.message, new RegExp(name));
        return true;
      },
    );
  });
});
