export * from './complaints.ts';
export * from './dashboard.ts';
export {
  EARNING_STATUSES,
  type OptionalPeriodInput,
  optionalPeriodSchema,
  type PeriodInput,
  periodSchema,
  STUDIO_TIME_ZONE,
} from './period.ts';
export * from './ratings.ts';
export * from './revenue.ts';
export * from './sales.ts';
