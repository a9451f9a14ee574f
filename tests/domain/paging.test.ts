import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { decodeCursor, encodeCursor } from '../../src/paging.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

function refusal(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`accepted ${cursor}`);
}

describe('keyset cursors', () => {
  it('give back the position they were made from, to the microsecond', () => {
    const position = { key: '2026-12-02T03:00:00.123456Z', id: 42 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuse what they did not make with CURSOR_INVALID, a 400 naming the cursor field', () => {
    const error = refusal(b64('nope'));
    expect(error.code).toBe('CURSOR_INVALID');
    expect(error.httpStatus).toBe(400);
    expect(error.fields.map((f) => f.field)).toEqual(['cursor']);
  });

  it('refuse positions the database would choke on, so a tampered link is never a server error', () => {
    const tampered = [
      '', // nothing at all
      'x', // not base64 of anything useful
      b64('2026-02-31T03:00:00.000000Z~5'), // a day February does not have
      b64('2026-12-02 10:00:00+07~5'), // another spelling of a time
      b64('2026-12-02T03:00:00.000000Z~0'), // no row has id 0
      b64('2026-12-02T03:00:00.000000Z~2147483648'), // beyond a Postgres integer
      b64('2026-12-02T03:00:00.000000Z~5~6'), // one position too many
      b64('2026-12-02T03:00:00.000000Z~-5'),
      `${encodeCursor({ key: '2026-12-02T03:00:00.000000Z', id: 5 })}!!`, // stray characters decode the same
      'A'.repeat(500),
    ];
    for (const cursor of tampered) expect(refusal(cursor).code, cursor).toBe('CURSOR_INVALID');
  });
});
