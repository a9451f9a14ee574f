/** For tests/run.sh: one line per pinned "now", `name ISO-instant`, computed from today's real date. */
import { pinnedNows } from './clock.ts';

for (const { name, at } of pinnedNows()) console.log(`${name} ${at.toISOString()}`);
