import { readdirSync, readFileSync } from 'node:fs';

const MiB = 1024 * 1024;

/** Resident memory of one process in bytes, from /proc; 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The kernel's high-water mark of one process's resident memory, in bytes. */
export function peakOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Every process below `pid` (the initdb child, a redis-server it started). */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/**
 * Resident bytes of the WebAssembly memories of these sizes (the probe's list): each is one anonymous
 * mapping of exactly its size in /proc/<pid>/smaps. Undefined when one is not found.
 */
export function wasmRssOf(pid: number, sizes: readonly number[]): number | undefined {
  const mappings: { size: number; rss: number; anonymous: boolean }[] = [];
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const range = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(\S*)/.exec(line);
      if (range) {
        const size = Number.parseInt(range[2]!, 16) - Number.parseInt(range[1]!, 16);
        mappings.push({ size, rss: 0, anonymous: range[3] === '0' && range[4] === '' });
      } else if (line.startsWith('Rss:') && mappings.length > 0) {
        mappings.at(-1)!.rss = Number(/(\d+) kB/.exec(line)?.[1] ?? 0) * 1024;
      }
    }
  } catch {
    return undefined;
  }
  let total = 0;
  const unused = mappings.filter((m) => m.anonymous);
  for (const size of sizes) {
    const at = unused.findIndex((m) => m.size === size);
    if (at === -1) return undefined;
    total += unused[at]!.rss;
    unused.splice(at, 1);
  }
  return total;
}

/** Samples a process (and, apart, it with its descendants) every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = 0;
  let peakWithChildren = 0;
  let childPeak = 0;
  const timer = setInterval(() => {
    const own = rssOf(pid);
    const children = descendantsOf(pid).map(rssOf);
    peak = Math.max(peak, own);
    childPeak = Math.max(childPeak, ...children, 0);
    peakWithChildren = Math.max(peakWithChildren, own + children.reduce((a, b) => a + b, 0));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      // The kernel's own high-water mark catches a peak between two samples.
      return { peak: Math.max(peak, peakOf(pid)), peakWithChildren, childPeak };
    },
  };
}

export const mib = (bytes: number) => Math.round(bytes / MiB);
