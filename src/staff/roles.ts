import type { StaffRole } from '../../db/schema/index.ts';

/**
 * What each role may open. Staff run the front desk; admins also shape what is sold and said;
 * owners also manage people, the studio's settings and the job queues.
 */
export const areas = [
  'dashboard',
  'reservations',
  'customers',
  'complaints',
  'ratings',
  'products',
  'bundles',
  'faq',
  'rewards',
  'broadcasts',
  'reports',
  'settings',
  'staff',
  'queues',
] as const;
export type Area = (typeof areas)[number];

const staffAreas: Area[] = ['dashboard', 'reservations', 'customers', 'complaints', 'ratings'];
const adminAreas: Area[] = [...staffAreas, 'products', 'bundles', 'faq', 'rewards', 'broadcasts', 'reports'];
const ownerAreas: Area[] = [...adminAreas, 'settings', 'staff', 'queues'];

const allowed: Record<StaffRole, ReadonlySet<Area>> = {
  staff: new Set(staffAreas),
  admin: new Set(adminAreas),
  owner: new Set(ownerAreas),
};

export function canAccess(role: StaffRole, area: Area): boolean {
  return allowed[role].has(area);
}

/**
 * The whole customer list as a spreadsheet leaves the system with everyone's phone number: admins
 * and owners only. Front-desk staff keep the customer pages they work from.
 */
export function canExportCustomers(role: StaffRole): boolean {
  return role === 'admin' || role === 'owner';
}

/** Points may be changed by admins and owners only (they are money to the customer). */
export function canAdjustPoints(role: StaffRole): boolean {
  return role === 'admin' || role === 'owner';
}
