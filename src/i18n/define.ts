/**
 * Declares one area's texts: Indonesian first, and an English text for every Indonesian key.
 * Placeholders are written {name} and filled by t().
 */
export function defineMessages<const Id extends Record<string, string>>(
  id: Id,
  en: { [K in keyof Id]: string },
): { id: Id; en: { [K in keyof Id]: string } } {
  return { id, en };
}
