import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error.ts';
import { accessOptions } from './access-options.ts';

describe("npm start's allowed hosts and origins", () => {
  it('are loopback only when nothing is given', () => {
    expect(accessOptions({}, {})).toEqual({ allowedHosts: [], allowedOrigins: [] });
  });

  it('join the flags and the comma-separated variables', () => {
    expect(
      accessOptions(
        { hosts: ['devbox.lan'], origins: ['http://192.168.1.20:5173'] },
        {
          LOCAL_CLOUD_ALLOWED_HOSTS: ' tunnel.example , ',
          LOCAL_CLOUD_ALLOWED_ORIGINS: 'http://devbox.lan:3000,https://app.example',
        },
      ),
    ).toEqual({
      allowedHosts: ['devbox.lan', 'tunnel.example'],
      allowedOrigins: ['http://192.168.1.20:5173', 'http://devbox.lan:3000', 'https://app.example'],
    });
  });

  it('refuse a host with a port or a scheme, naming the flag and the value', () => {
    expect(() => accessOptions({ hosts: ['devbox.lan:4000'] }, {})).toThrow(UsageError);
    expect(() => accessOptions({}, { LOCAL_CLOUD_ALLOWED_HOSTS: 'http://devbox.lan' })).toThrow(
      /--allow-host \(or LOCAL_CLOUD_ALLOWED_HOSTS\).*"http:\/\/devbox.lan"/,
    );
  });

  it('refuse what is no web origin, naming the flag and the value', () => {
    expect(() => accessOptions({ origins: ['localhost:5173'] }, {})).toThrow(
      /--allow-origin \(or LOCAL_CLOUD_ALLOWED_ORIGINS\).*"localhost:5173"/,
    );
    expect(() =>
      accessOptions({}, { LOCAL_CLOUD_ALLOWED_ORIGINS: 'http://app.example/path' }),
    ).toThrow(UsageError);
  });
});
