import { Hono } from 'hono';
import { requireArea } from '../../auth.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { customerAdminRoutes } from './admin-actions.tsx';
import { customerLinkChatRoutes } from './link-chat.tsx';
import { customerListRoutes } from './list.tsx';
import { customerProfileRoutes } from './profile.tsx';

/** /admin/customers. The list comes first so /export.csv is not taken for a customer id. */
export function customerRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('customers'));
  app.route('/', customerListRoutes(deps));
  app.route('/', customerProfileRoutes(deps));
  app.route('/', customerLinkChatRoutes(deps));
  app.route('/', customerAdminRoutes(deps));
  return app;
}
