import { readFileSync } from 'node:fs';

/**
 * Where this process's resident set lies, from /proc/self/smaps (Linux), in MiB: the main malloc
 * arena (`[heap]`), anonymous mappings (V8's heap pages, the other threads' malloc arenas, stacks),
 * and files mapped (the node binary, libraries). With V8's own figures it tells memory the heap
 * holds from memory the allocator keeps after it was freed. `null` where /proc is not there.
 */
export function residentBreakdown(): { heap_mib: number; anonymous_mib: number; files_mib: number } | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null;
  }
  const kib = { heap: 0, anonymous: 0, files: 0 };
  let kind: keyof typeof kib = 'anonymous';
  for (const line of text.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1];
      kind = name === '[heap]' ? 'heap' : name === '' || name.startsWith('[') ? 'anonymous' : 'files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kib[kind] += Number(rss[1]);
  }
  const mib = (k: number) => Math.round(k / 1024);
  return { heap_mib: mib(kib.heap), anonymous_mib: mib(kib.anonymous), files_mib: mib(kib.files) };
}
