import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, pgErrorCode, uniqueViolation } from './pg-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const wrapped = (cause: Error) => new DrizzleQueryError('select 1', [], cause);

describe('isConnectionFailure', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a connect timeout', withCode('connect ETIMEDOUT 10.0.0.1:5432', 'ETIMEDOUT')],
    ['an unknown host', withCode('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
    ['a server that closed the connection', new Error('Connection terminated unexpectedly')],
    [
      'a connect that timed out in node-postgres',
      new Error('Connection terminated due to connection timeout'),
    ],
    ["pg-pool's connect timeout", new Error('timeout exceeded when trying to connect')],
    [
      'a client whose connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['an ended pool', new Error('Cannot use a pool after calling end on the pool')],
    ['SQLSTATE 08006 (connection failure)', withCode('connection failure', '08006')],
    ['SQLSTATE 08P01 (protocol violation)', withCode('protocol violation', '08P01')],
    [
      'SQLSTATE 57P01 (admin shutdown)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['SQLSTATE 57P02 (crash shutdown)', withCode('terminating connection because of crash', '57P02')],
    ['SQLSTATE 57P03 (cannot connect now)', withCode('the database system is starting up', '57P03')],
    ['a closed PGlite', new Error('PGlite is closed')],
    ['a closing PGlite', new Error('PGlite is closing')],
    [
      "the embedded database's dead worker",
      new Error("The embedded database's worker stopped unexpectedly (exit code 1)"),
    ],
    ['an aborted PGlite engine', new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS')],
  ])('recognises %s, bare or wrapped by Drizzle', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    expect(isConnectionFailure(wrapped(err))).toBe(true);
  });

  it("recognises Node's dual-stack AggregateError of refused connects", () => {
    const err = Object.assign(
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      { code: 'ECONNREFUSED' },
    );
    expect(isConnectionFailure(err)).toBe(true);
    expect(isConnectionFailure(new AggregateError([withCode('x', 'ECONNREFUSED')], ''))).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key', '23505')],
    ['a bad uuid literal', withCode('invalid input syntax for type uuid', '22P02')],
    ['a serialization failure', withCode('could not serialize access', '40001')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that merely mentions a connection', new Error('Connection to the mail server was fine')],
  ])('does not take %s for an outage', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(false);
    expect(isConnectionFailure(wrapped(err))).toBe(false);
  });

  it('stops on a cause that refers back to itself', () => {
    const err: Error & { cause?: unknown } = new Error('loop');
    err.cause = err;
    expect(isConnectionFailure(err)).toBe(false);
  });
});

describe('pgErrorCode and uniqueViolation', () => {
  it('read the SQLSTATE and constraint through a Drizzle wrapper', () => {
    const err = wrapped(Object.assign(withCode('duplicate key', '23505'), { constraint: 'users_email_key' }));
    expect(pgErrorCode(err)).toBe('23505');
    expect(uniqueViolation(err)).toBe('users_email_key');
  });
});
