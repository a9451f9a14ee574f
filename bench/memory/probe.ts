import v8 from 'node:v8';

/**
 * Loaded into the product by bench/memory (`--import`), never by the product itself: on SIGUSR2 it
 * prints one line with the V8 heap, and the sizes of the WebAssembly memories made since (PGlite's),
 * for the bench to find in /proc/<pid>/smaps.
 */
const memories: WeakRef<WebAssembly.Memory>[] = [];
const OriginalMemory = WebAssembly.Memory;
WebAssembly.Memory = new Proxy(OriginalMemory, {
  construct(target, args: [WebAssembly.MemoryDescriptor]) {
    const memory = Reflect.construct(target, args) as WebAssembly.Memory;
    memories.push(new WeakRef(memory));
    return memory;
  },
});

process.on('SIGUSR2', () => {
  const usage = process.memoryUsage();
  const line = {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    mallocedMemory: v8.getHeapStatistics().malloced_memory,
    wasmMemories: memories.flatMap((ref) => {
      const memory = ref.deref();
      return memory ? [memory.buffer.byteLength] : [];
    }),
  };
  process.stderr.write(`BENCH-MEMORY ${JSON.stringify(line)}\n`);
});
