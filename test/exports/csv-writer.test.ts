import { PassThrough } from 'node:stream';
import { BOM, createCsvWriter, csvField, csvRecord } from '../../src/exports/csv-writer';
import type { Column } from '../../src/exports/columns';
import { parseCsv } from './rfc4180';

const collect = (stream: PassThrough): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

describe('CSV (RFC 4180)', () => {
  it('quotes only fields holding a quote, comma or line break, doubling quotes; CRLF ends every record', () => {
    expect(csvField('Phở bò')).toBe('Phở bò');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvRecord(['1', '', 'x,y'])).toBe('1,,"x,y"\r\n');
    expect(parseCsv(csvRecord(['a "q"', 'b\r\nc', '', 'Cà phê, sữa']))).toEqual([['a "q"', 'b\r\nc', '', 'Cà phê, sữa']]);
  });

  it('the test parser is strict: it refuses what RFC 4180 does not allow', () => {
    expect(() => parseCsv('a,b\n')).toThrow(/RFC 4180/);
    expect(() => parseCsv('a,b')).toThrow(/CRLF/);
    expect(() => parseCsv('a"b\r\n')).toThrow(/quote inside/);
    expect(() => parseCsv('"a\r\n')).toThrow(/unterminated/);
    expect(() => parseCsv('a,b\r\nc\r\n')).toThrow(/fields/);
  });

  it('writes a UTF-8 BOM, the header, then typed cells: money from the integer in the currency decimals, instants in the tenant zone', async () => {
    const columns: Column[] = [
      { header: 'Name', type: 'text', value: (d) => d.name as string },
      { header: 'Qty', type: 'integer', value: (d) => d.qty as number },
      { header: 'Total', type: 'money', value: (d) => d.total as number },
      { header: 'At', type: 'datetime', value: (d) => d.at as string },
      { header: 'Day', type: 'date', value: (d) => d.day as string },
      { header: 'Note', type: 'text', value: (d) => (d.note as string | undefined) ?? null },
    ];
    const out = new PassThrough();
    const bytes = collect(out);
    const writer = createCsvWriter(out, columns, { currency: 'KWD', digits: 3, timeZone: 'Asia/Ho_Chi_Minh' }, new AbortController().signal);
    await writer.writePage([
      { name: 'Cà phê sữa đá', qty: 2, total: 1234, at: '2026-10-31T17:00:00.000Z', day: '2026-11-01', note: '=HYPERLINK("x")' },
      { name: 'Bánh mì, "đặc biệt"', qty: -1, total: -5, at: '2026-11-01T16:59:59.000Z', day: '2026-11-01' },
    ]);
    await writer.finish();
    const buffer = await bytes;
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['Name', 'Qty', 'Total', 'At', 'Day', 'Note'],
      ['Cà phê sữa đá', '2', '1.234', '2026-11-01 00:00:00', '2026-11-01', `'=HYPERLINK("x")`],
      ['Bánh mì, "đặc biệt"', '-1', '-0.005', '2026-11-01 23:59:59', '2026-11-01', ''],
    ]);
  });
});
