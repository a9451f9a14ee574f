/** 60 characters: one line of the admin complaint list on a phone. */
const TITLE_MAX = 60;
/** A first sentence shorter than this ("Jl.", "Kak.") is not a title yet: the next one is added. */
const SENTENCE_MIN = 12;

/** Openers customers put before the point ("Halo kak, maaf, …"); they say nothing about the complaint. */
const greeting =
  /^(?:(?:halo|hallo|hai|hi|hello|permisi|maaf|mohon maaf|assalamu'?alaikum|selamat (?:pagi|siang|sore|malam)|pagi|siang|sore|malam|min|admin|kak|ka|kakak|mbak|mba|mas|bang|sis)(?=[\s,.!]|$)[\s,.!]*)+/iu;

/**
 * The short title staff read in the complaint list, taken from the customer's one message: its first
 * line that is more than a greeting, without the greeting, up to the end of its first sentence, at most 60 characters cut at a word.
 * Customers write one message; asking them for a title first made them write it twice.
 */
export function complaintTitle(body: string): string {
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
  const firstLine = lines[0] ?? '';
  // A line that only greets ("Permisi min") is skipped for the next one.
  const text = lines.map((line) => line.replace(greeting, '')).find((line) => line.length > 0) ?? firstLine;
  // Punctuation alone ("???") has no sentence in it: the line as written is still better than nothing.
  const title = firstSentence(text) || firstLine;
  const capitalised = title.charAt(0).toLocaleUpperCase('id') + title.slice(1);
  return shorten(capitalised);
}

/** Up to the first . ! or ? followed by a space, once it is long enough to say something. */
function firstSentence(text: string): string {
  for (const end of text.matchAll(/[.!?]+(?=\s|$)/gu)) {
    const sentence = text.slice(0, end.index).trim();
    if (sentence.length >= SENTENCE_MIN) return sentence;
  }
  return text.replace(/[.!?]+$/u, '');
}

function shorten(text: string): string {
  if (text.length <= TITLE_MAX) return text;
  const cut = text.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(' ');
  // A word longer than half the title (a pasted link) is cut where it stands.
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?-]+$/u, '')}…`;
}
