export * from './complaints.ts';
export * from './dashboard.ts';
export {
  EARNING_STATUSES,
  type OptionalPeriodInput,
  optionalPeriodSchema,
  type PeriodInput,
  periodSchema,
} from './period.ts';
export * from './ratings.ts';
export * from './revenue.ts';
export * from './sales.ts';
export * from './sessions.ts';
