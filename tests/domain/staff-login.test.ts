import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUsers } from '../../db/schema/index.ts';
import { createDecoyHash, type DecoyHash, login } from '../../src/staff/login.ts';
import { hashPassword, verifyPassword } from '../../src/staff/passwords.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const passwordHash = await hashPassword('benar-sekali-123');
  await database.db.insert(staffUsers).values([
    { email: 'kasir@studio.test', name: 'Kasir', role: 'staff', passwordHash },
    // Its own account for the timing test: 5 wrong passwords there would lock kasir@.
    { email: 'fotografer@studio.test', name: 'Fotografer', role: 'staff', passwordHash },
  ]);
});
afterAll(() => database.drop());

const NOW = new Date('2026-12-01T02:00:00Z');
let ipSerial = 0;
/** Every try from its own address, so the 5-failure lock never answers before the password check. */
const attempt = (email: string, password: string, decoyHash: DecoyHash) =>
  login(database.db, { email, password, ip: `10.9.0.${++ipSerial}`, now: NOW }, { decoyHash });

/** Counts how often login asks for the decoy. */
function countingDecoy() {
  const decoy = createDecoyHash();
  const counted = { calls: 0, decoyHash: (() => {}) as DecoyHash };
  counted.decoyHash = () => {
    counted.calls += 1;
    return decoy();
  };
  return counted;
}

async function millisecondsOf(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run().catch(() => undefined);
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('login with an unknown email', () => {
  it('is checked against the decoy hash its owner made, and only then', async () => {
    const counted = countingDecoy();
    await expect(attempt('kasir@studio.test', 'salah', counted.decoyHash)).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    expect(counted.calls).toBe(0);
    await expect(
      attempt('tidak-ada@studio.test', 'benar-sekali-123', counted.decoyHash),
    ).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    expect(counted.calls).toBe(1);
    const signedIn = await attempt('kasir@studio.test', 'benar-sekali-123', counted.decoyHash);
    expect(signedIn.staff.email).toBe('kasir@studio.test');
    expect(counted.calls).toBe(1);
  });

  it('one decoy per owner: the hash is made once and reused; it matches no password anyone knows', async () => {
    const decoyHash = createDecoyHash();
    const first = decoyHash();
    expect(decoyHash()).toBe(first);
    expect(await verifyPassword(await first, 'potret-timing-equaliser')).toBe(false);
    // Two apps in one process (tests, several roles) do not share it.
    expect(await createDecoyHash()()).not.toBe(await first);
  });

  it('takes about as long as a wrong password for a known email', async () => {
    const { decoyHash } = countingDecoy();
    await millisecondsOf(() => attempt('pemanasan@studio.test', 'x', decoyHash)); // hashes the decoy
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await millisecondsOf(() => attempt(`tamu${i}@studio.test`, 'tebakan', decoyHash)));
      wrong.push(await millisecondsOf(() => attempt('fotografer@studio.test', 'tebakan', decoyHash)));
    }
    // Without the decoy an unknown email skips argon2 (tens of ms here) and answers in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });
});
