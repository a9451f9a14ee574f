import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { files } from '../../db/schema/index.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { idParam } from './helpers.ts';

/**
 * Images kept in Postgres (proofs, product photos, complaint photos), for signed-in staff only.
 * Stored files were checked by content on the way in; nosniff (secureHeaders) keeps browsers honest.
 */
export function fileRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/:id', async (c) => {
    const [row] = await deps.db
      .select({ mime: files.mime, data: files.data, sha256: files.sha256 })
      .from(files)
      .where(eq(files.id, idParam(c)))
      .limit(1);
    if (!row) return c.notFound();
    const etag = `"${row.sha256}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(new Uint8Array(row.data), 200, {
      'content-type': row.mime,
      'cache-control': 'private, max-age=86400',
      etag,
      'content-disposition': 'inline',
    });
  });
  return app;
}
