import type { EventsTable } from '../../storage/schema.ts';

/** TEXT as RFC 5545 section 3.3.11 wants it: backslash, semicolon, comma and newlines escaped. */
const text = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** 20261206T210000Z */
const utc = (iso: string) => `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** Lines longer than 75 octets continue on the next line after a space (section 3.1), never inside a character. */
function fold(line: string) {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * The event as an iCalendar file for a buyer's calendar: when, where, what, who runs it, and the
 * sales page. A cancelled event says so, so that a calendar that fetches the file again shows it.
 */
export function eventCalendar(event: EventsTable, organizerName: string, salesUrl: string) {
  const description = [
    event.description ?? '',
    // In minutes, not a time of day: the event has no time zone of its own, and the calendar shows DTSTART in the reader's.
    event.doors_at ? `Doors open ${Math.round((Date.parse(event.starts_at) - Date.parse(event.doors_at)) / 60_000)} minutes before the start.` : '',
    `Organizer: ${organizerName}`,
  ].filter(Boolean).join('\n\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ticketguard//Ticketguard//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.id}@ticketguard`,
    `DTSTAMP:${utc(event.updated_at)}`,
    `DTSTART:${utc(event.starts_at)}`,
    `DTEND:${utc(event.ends_at)}`,
    `SUMMARY:${text(event.name)}`,
    `LOCATION:${text(event.venue)}`,
    `DESCRIPTION:${text(description)}`,
    `URL:${salesUrl}`,
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
