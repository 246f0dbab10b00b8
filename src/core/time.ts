/**
 * Wall-clock text `yyyy-MM-dd HH:mm:ss` in a configured IANA time zone, both ways.
 * The offset is taken from Intl for the instant in question, so zones with DST work too.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

export class ZonedTime {
  private readonly fmt: Intl.DateTimeFormat;
  private cachedSecond = -1;
  private cachedText = '';
  /** Offsets by quarter hour: zone offsets change only on quarter-hour boundaries. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset of the zone from UTC at instant `ms`, in milliseconds. */
  private offsetAt(ms: number): number {
    const quarter = Math.floor(ms / 900_000);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      if (this.offsets.size > 10_000) this.offsets.clear();
      offset = this.computeOffset(ms);
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  private computeOffset(ms: number): number {
    const parts = this.fmt.formatToParts(ms);
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return asUtc - Math.floor(ms / 1000) * 1000;
  }

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    // Every response carries resTime: formatting once per second keeps Intl off the hot path.
    if (second === this.cachedSecond) return this.cachedText;
    const local = new Date(second * 1000 + this.offsetAt(ms));
    const text = `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`;
    this.cachedSecond = second;
    this.cachedText = text;
    return text;
  }

  /** Parses local text to epoch ms; undefined when the text is not a real time of that form. */
  parse(text: string): number | undefined {
    const m = LOCAL.exec(text);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
    const check = new Date(asUtc);
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
    // Two passes settle the offset across a DST boundary.
    let ms = asUtc - this.offsetAt(asUtc);
    ms = asUtc - this.offsetAt(ms);
    return ms;
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
