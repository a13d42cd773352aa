import { describe, expect, it } from 'vitest';
import { AccessPolicy } from './access-policy.ts';

describe('the Host allow-list', () => {
  const loopbackOnly = new AccessPolicy();

  it('admits the loopback names on any port, in any case', () => {
    for (const host of [
      'localhost',
      'localhost:8080',
      'LOCALHOST:4000',
      '127.0.0.1',
      '127.0.0.1:9099',
      '[::1]',
      '[::1]:9199',
    ]) {
      expect(loopbackOnly.hostAllowed(host), host).toBe(true);
    }
  });

  it('refuses every other name, and what only looks like a loopback one', () => {
    for (const host of [
      'evil.example',
      'evil.example:4000',
      'localhost.evil.example',
      'app.localhost:4000',
      'localhost.:4000',
      '127.0.0.2:8080',
      '[::ffff:127.0.0.1]:8080',
      'evil.example@127.0.0.1',
      '127.0.0.1:8080 evil.example',
      '',
    ]) {
      expect(loopbackOnly.hostAllowed(host), host).toBe(false);
    }
  });

  it('admits the configured names and the host the server listens on', () => {
    const policy = new AccessPolicy({ allowedHosts: ['DevBox.lan', '::2'] }, '192.168.1.20');
    expect(policy.hostAllowed('devbox.lan:4000')).toBe(true);
    expect(policy.hostAllowed('[::2]:8080')).toBe(true);
    expect(policy.hostAllowed('192.168.1.20:9099')).toBe(true);
    expect(policy.hostAllowed('otherbox.lan:4000')).toBe(false);
  });

  it('refuses a configured host that is no host name', () => {
    for (const bad of ['http://devbox.lan', 'devbox.lan:4000', 'devbox.lan/', '']) {
      expect(() => new AccessPolicy({ allowedHosts: [bad] }), bad).toThrow(/allowedHosts/);
    }
  });
});

describe('the Origin allow-list', () => {
  const policy = new AccessPolicy({
    allowedHosts: ['devbox.lan'],
    allowedOrigins: ['http://App.Example:5173/'],
  });

  it('admits loopback pages on any port, over http and https', () => {
    for (const origin of [
      'http://localhost:5173',
      'http://localhost',
      'http://127.0.0.1:4000',
      'http://[::1]:3000',
      'https://localhost:8443',
    ]) {
      expect(policy.originAllowed(origin), origin).toBe(true);
    }
  });

  it('admits the configured origins exactly, and pages of the allowed hosts', () => {
    expect(policy.originAllowed('http://app.example:5173')).toBe(true);
    expect(policy.originAllowed('http://devbox.lan:8000')).toBe(true);
    expect(policy.originAllowed('http://app.example:5174')).toBe(false);
    expect(policy.originAllowed('https://app.example:5173')).toBe(false);
  });

  it('refuses foreign, opaque and malformed origins', () => {
    for (const origin of [
      'https://evil.example',
      'http://localhost.evil.example',
      'http://gadget.localhost:5173',
      'null',
      'file://',
      'chrome-extension://abcdef',
      'http://localhost:5173/path',
      'http://localhost:5173, https://evil.example',
      '',
    ]) {
      expect(policy.originAllowed(origin), origin).toBe(false);
    }
  });

  it('refuses a configured origin that is no web origin', () => {
    for (const bad of ['localhost:5173', 'http://a.example/app', 'ftp://a.example', '*']) {
      expect(() => new AccessPolicy({ allowedOrigins: [bad] }), bad).toThrow(/allowedOrigins/);
    }
  });
});
