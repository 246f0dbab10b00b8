/**
 * One linear pass over a JSON body, alongside JSON.parse, for what JSON.parse hides:
 * - the source text of top-level numbers (JSON.parse turns 10.10 into 10.1 and 1e3 into 1000;
 *   money must be judged on what was sent);
 * - repeated top-level keys (JSON.parse keeps the last, so a signature over the parsed body
 *   could cover a different value than another reader of the text sees);
 * - nesting depth (signing serialises nested values recursively).
 */
export interface BodyScan {
  numbers: Map<string, string>;
  duplicate?: string;
  depth: number;
}

const NUMBER_CHAR = /[-+.eE0-9]/;

export function scanBody(json: string): BodyScan {
  const numbers = new Map<string, string>();
  const keys = new Set<string>();
  let duplicate: string | undefined;
  let depth = 0;
  let maxDepth = 0;
  let key: string | undefined;
  let expectValue = false;
  const n = json.length;
  let i = 0;
  while (i < n) {
    const c = json.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = ++i;
      let escaped = false;
      while (i < n && json.charCodeAt(i) !== 34) {
        if (json.charCodeAt(i) === 92 /* \ */) {
          escaped = true;
          i++;
        }
        i++;
      }
      if (depth === 1 && !expectValue) {
        const raw = json.slice(start, i);
        key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (keys.has(key)) duplicate ??= key;
        keys.add(key);
      } else if (depth === 1) expectValue = false;
      i++;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (depth > 1) expectValue = false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if (depth === 1 && c === 58 /* : */) expectValue = true;
    else if (depth === 1 && c === 44 /* , */) expectValue = false;
    else if (depth === 1 && expectValue && (c === 45 || (c >= 48 && c <= 57))) {
      const start = i;
      while (i < n && NUMBER_CHAR.test(json[i]!)) i++;
      numbers.set(key!, json.slice(start, i));
      expectValue = false;
      continue;
    }
    i++;
  }
  return { numbers, duplicate, depth: maxDepth };
}
