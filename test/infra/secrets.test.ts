import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './synth';

describe('template secrets', () => {
  let text: string;

  beforeAll(() => {
    const { template } = synthesize({ alarmEmail: 'ops@example.com' });
    text = JSON.stringify(template.toJSON());
  });

  it('creates no SecureString', () => {
    expect(text).not.toContain('SecureString');
  });

  it('resolves no secure parameter', () => {
    expect(text).not.toContain('{{resolve:ssm-secure');
    expect(text).not.toContain('{{resolve:secretsmanager');
  });

  it('holds no credential fields', () => {
    expect(text).not.toMatch(/"(secret|token|password)"\s*:/i);
  });

  it('holds no token-like value', () => {
    // A Tripster token is 40 hexadecimal characters.
    expect(text).not.toMatch(/\b[0-9a-f]{40}\b/i);
  });

  it('names the credentials parameter only', () => {
    expect(text).toContain('/tripster-order-sync/test-partner/credentials');
  });
});
