import { describe, expect, it } from 'vitest';
import { ConfigError, publicUrlAfterListen, readConfig } from './config';

describe('configuration', () => {
  it('needs nothing: embedded database in ./data, port 8080, loopback, demo offered', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: null, nation: 'PAK', demo: 'auto' });
    expect(config.dataDir).toMatch(/data$/);
  });
  it('lists every problem at once', () => {
    try {
      readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CONCORD_NATION: 'pakistan', CONCORD_DEMO: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(4);
      expect((error as ConfigError).message).toMatch(/CONCORD_NATION/);
    }
  });
  it('lets CLI flags override the environment, and marks cookies Secure behind https', () => {
    const config = readConfig({ PORT: '9000', CONCORD_PUBLIC_URL: 'https://concord.example.mil' }, { PORT: '9100' });
    expect(config.port).toBe(9100);
    expect(config.secureCookies).toBe(true);
  });
  it('gives out the port actually taken when PORT=0 and no public address is set, and a set address as it is', () => {
    expect(publicUrlAfterListen(readConfig({ PORT: '0', HOST: '127.0.0.1' }), 41234)).toBe('http://127.0.0.1:41234');
    expect(publicUrlAfterListen(readConfig({ PORT: '0', HOST: '::1' }), 41234)).toBe('http://[::1]:41234');
    expect(publicUrlAfterListen(readConfig({ PORT: '8080' }), 8080)).toBe(readConfig({ PORT: '8080' }).publicUrl);
    const given = readConfig({ PORT: '0', CONCORD_PUBLIC_URL: 'https://concord.example.mil' });
    expect(publicUrlAfterListen(given, 41234)).toBe('https://concord.example.mil');
  });
  it('keeps the key files beside the embedded database, never inside its folder', () => {
    const config = readConfig({ CONCORD_DATA_DIR: '/srv/concord' });
    expect(config.keyFile).toBe('/srv/concord/keys/node.key');
    expect(config.secretsKeyFile).toBe('/srv/concord/keys/secrets.key');
    expect(() => readConfig({ CONCORD_DATA_DIR: '/srv/concord', CONCORD_KEY_FILE: '/srv/concord/pglite/node.key' })).toThrow(
      /CONCORD_KEY_FILE: .* is inside the embedded database's folder/,
    );
    expect(() => readConfig({ CONCORD_KEY_FILE: '/etc/concord/key', CONCORD_SECRETS_KEY_FILE: '/etc/concord/key' })).toThrow(
      /needs a file of its own/,
    );
  });
  it('reaches only public addresses unless ranges or networks are allowed, and names each unreadable item', () => {
    expect(readConfig({}).outboundAllow).toEqual({ ranges: [], cidrs: [] });
    expect(readConfig({ CONCORD_OUTBOUND_ALLOW: 'loopback,private,10.20.0.0/16' }).outboundAllow).toEqual({
      ranges: ['loopback', 'private'],
      cidrs: ['10.20.0.0/16'],
    });
    try {
      readConfig({ CONCORD_OUTBOUND_ALLOW: 'everything,loopback,300.0.0.0/8', PORT: 'x' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(3);
      expect((error as ConfigError).message).toMatch(/CONCORD_OUTBOUND_ALLOW: "everything" is neither/);
    }
  });
});
