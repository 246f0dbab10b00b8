/**
 * The source text of a top-level JSON number member, e.g. `10.10` for `{"amount":10.10}`.
 * JSON.parse turns 10.10 into 10.1 and 1e3 into 1000; money must be judged on what was sent.
 * A linear scan that tracks only string state and nesting depth.
 */
export function topLevelNumberText(json: string, key: string): string | undefined {
  let depth = 0;
  let i = 0;
  const n = json.length;
  let lastKey: string | undefined;
  let expectValue = false;
  while (i < n) {
    const c = json.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = ++i;
      while (i < n && json.charCodeAt(i) !== 34) i += json.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      if (depth === 1 && !expectValue) lastKey = json.slice(start, i);
      else if (depth === 1) expectValue = false;
      i++;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > 1) expectValue = false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if (depth === 1 && c === 58 /* : */) expectValue = true;
    else if (depth === 1 && c === 44 /* , */) expectValue = false;
    else if (depth === 1 && expectValue && (c === 45 || (c >= 48 && c <= 57))) {
      const start = i;
      while (i < n && /[-+.eE0-9]/.test(json[i]!)) i++;
      if (lastKey === key) return json.slice(start, i);
      expectValue = false;
      continue;
    }
    i++;
  }
  return undefined;
}
