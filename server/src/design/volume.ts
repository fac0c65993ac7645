// Reads the volumes people write in answers ("10K events/minute", "5 GB/day", "1.5M rows per
// day") into a rate with its period, so the cost arithmetic can start from the stated figure.

export type VolumePeriod = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month';
export type VolumeKind = 'events' | 'bytes';

export interface Volume {
  /** What the answers said, trimmed. */
  text: string;
  kind: VolumeKind;
  /** Events or bytes per `period`, as stated (after the K/M/B or KB/GB multiplier). */
  quantity: number;
  period: VolumePeriod;
  /** The counted noun as written ("events", "rows"); "bytes" for byte volumes. */
  noun: string;
}

export const SECONDS_PER: Record<VolumePeriod, number> = {
  second: 1,
  minute: 60,
  hour: 3_600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000, // 30 days, the month the cost estimate uses
};

const PERIOD_WORDS: Record<string, VolumePeriod> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
};

const COUNT_MULTIPLIERS: Record<string, number> = {
  '': 1, k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
};

const BYTE_MULTIPLIERS: Record<string, number> = {
  b: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)`;
const PER = String.raw`\s*(?:/|\bper\b|\ba\b|\beach\b)\s*`;
const BYTES_RE = new RegExp(String.raw`^~?\s*${NUMBER}\s*(b|bytes|kb|mb|gb|tb|pb|kib|mib|gib|tib)${PER}([a-z]+)$`, 'i');
const COUNT_RE = new RegExp(
  String.raw`^~?\s*${NUMBER}\s*(?:(thousand|million|billion|mm|bn|k|m|b)\b)?\s*([a-z][a-z _-]*?)?${PER}([a-z]+)$`,
  'i',
);

export const VOLUME_EXAMPLE = '"10K events/minute" or "5 GB/day"';

export type VolumeResult = { ok: true; volume: Volume } | { ok: false; message: string };

export function parseVolume(input: string): VolumeResult {
  const text = input.trim();
  if (/^-\s*\d/.test(text) || /^~?\s*-/.test(text)) return { ok: false, message: `volume must not be negative: "${text}"` };
  const bytes = BYTES_RE.exec(text);
  if (bytes) {
    const period = PERIOD_WORDS[bytes[3].toLowerCase()];
    if (period) {
      const quantity = readNumber(bytes[1]) * BYTE_MULTIPLIERS[bytes[2].toLowerCase()];
      return { ok: true, volume: { text, kind: 'bytes', quantity, period, noun: 'bytes' } };
    }
  }
  const count = COUNT_RE.exec(text);
  if (count) {
    const period = PERIOD_WORDS[count[4].toLowerCase()];
    const multiplier = COUNT_MULTIPLIERS[(count[2] ?? '').toLowerCase()];
    if (period && multiplier !== undefined) {
      const quantity = readNumber(count[1]) * multiplier;
      const noun = count[3]?.trim().toLowerCase() || 'events';
      return { ok: true, volume: { text, kind: 'events', quantity, period, noun } };
    }
  }
  return {
    ok: false,
    message: `cannot read volume "${text}"; write a number, a unit and a period, e.g. ${VOLUME_EXAMPLE}`,
  };
}

function readNumber(digits: string): number {
  return Number(digits.replace(/,/g, ''));
}

export function eventsPerSecond(volume: Volume, eventSizeBytes: number): number {
  const perSecond = volume.quantity / SECONDS_PER[volume.period];
  return volume.kind === 'events' ? perSecond : perSecond / eventSizeBytes;
}

export function bytesPerDay(volume: Volume, eventSizeBytes: number): number {
  const perDay = (volume.quantity / SECONDS_PER[volume.period]) * SECONDS_PER.day;
  return volume.kind === 'bytes' ? perDay : perDay * eventSizeBytes;
}

/** A size such as "1 KB" or "512 bytes" (average event or row size). */
export function parseByteSize(input: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes|kb|mb|kib|mib)\s*$/i.exec(input);
  if (!match) return null;
  return Number(match[1]) * BYTE_MULTIPLIERS[match[2].toLowerCase()];
}
