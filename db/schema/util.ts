import { customType, timestamp } from 'drizzle-orm/pg-core';

/** created_at / updated_at, written once here and spread into every table that keeps them. */
export const lifecycleDates = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const channelValues = ['telegram', 'whatsapp', 'web'] as const;
export type Channel = (typeof channelValues)[number];
