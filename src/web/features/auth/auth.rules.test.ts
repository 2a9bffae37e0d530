import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN } from '../../../contract/rules.ts';
import { checkPasswordPolicy } from '../../../server/modules/auth/passwords.ts';
import {
  fieldsAtFault,
  isPersonalPassword,
  parseLanguageCodes,
  passwordRules,
  safeNext,
  usernameRules,
} from './auth.rules.ts';

const ORIGIN = 'https://abrazo.example';

describe('usernameRules', () => {
  it.each(['ana', 'ana.maria', 'a_b', '_ana_', 'x'.repeat(30), 'A1.b2'])('accepts %s', (name) => {
    const rules = usernameRules(name);
    expect(rules).toEqual({ length: true, charset: true, ends: true, valid: true });
  });

  it.each([
    ['ab', 'length'],
    ['x'.repeat(31), 'length'],
    ['ana maria', 'charset'],
    ['añá', 'charset'],
    ['.ana', 'ends'],
    ['ana.', 'ends'],
  ] as const)('refuses %s for its %s', (name, rule) => {
    const rules = usernameRules(name);
    expect(rules[rule]).toBe(false);
    expect(rules.valid).toBe(false);
  });

  it('agrees with the contract pattern: all three rules met exactly when the pattern matches', () => {
    for (const name of ['ab.', 'a.b', '...', '_._', 'abc', '.a.', 'a..b', 'a-b', '', 'é', 'abc_']) {
      const { length, charset, ends, valid } = usernameRules(name);
      expect(length && charset && ends).toBe(USERNAME_PATTERN.test(name));
      expect(valid).toBe(USERNAME_PATTERN.test(name));
    }
  });
});

describe('passwordRules', () => {
  it('counts code points, as the server does', () => {
    expect(passwordRules('💃'.repeat(9)).length).toBe(false);
    expect(passwordRules('💃'.repeat(10)).length).toBe(true);
  });

  it('refuses the username, the email or its local part, ignoring case, like the server', () => {
    const personal = { username: 'milonguera', email: 'ana.tanguera@example.com' };
    for (const password of ['MILONGUERA', 'ana.tanguera@example.com', 'Ana.Tanguera', 'tango tango tango']) {
      expect(password.length).toBeGreaterThanOrEqual(10);
      const server = checkPasswordPolicy(password, 'body.password', personal);
      const personalByServer = server.some((d) => d.message.includes('username or email'));
      expect(isPersonalPassword(password, personal)).toBe(personalByServer);
    }
  });

  it('is valid when long enough and not personal', () => {
    expect(passwordRules('a long tango phrase', { username: 'ana' }).valid).toBe(true);
    expect(passwordRules('', {}).valid).toBe(false);
  });
});

describe('safeNext', () => {
  it.each([
    ['/m/123?x=1#c', '/m/123?x=1#c'],
    ['/settings', '/settings'],
    [null, '/'],
    ['', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['settings', '/'],
  ])('%s → %s', (next, expected) => {
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });
});

describe('parseLanguageCodes', () => {
  it('splits on commas and spaces and sets apart what is not a two-letter code', () => {
    expect(parseLanguageCodes('JA, ru  pt;eng')).toEqual({ codes: ['ja', 'ru', 'pt'], invalid: ['eng'] });
    expect(parseLanguageCodes('  ')).toEqual({ codes: [], invalid: [] });
  });
});

describe('fieldsAtFault', () => {
  it('names the body fields of the details', () => {
    const err = {
      details: [
        { path: 'body.username', message: 'x' },
        { path: 'body.languages.2', message: 'x' },
        { path: 'query.limit', message: 'x' },
      ],
    };
    expect([...fieldsAtFault(err)]).toEqual(['username', 'languages']);
    expect(fieldsAtFault(new Error('x')).size).toBe(0);
    expect(fieldsAtFault(null).size).toBe(0);
  });
});
