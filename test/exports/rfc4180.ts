/**
 * A strict RFC 4180 parser for the tests: records end with CRLF (the last one too), fields are
 * separated by commas, a field is either quoted (quotes inside doubled, CR/LF allowed) or holds no
 * quote, CR or LF; anything else throws. Every record must have as many fields as the first.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Not RFC 4180 at offset ${i}: ${why}`);
  };
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) fail('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else value += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') fail('quote inside an unquoted field');
          value += text[i++];
        }
      }
      record.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') {
        i += 2;
        break;
      }
      fail(i >= text.length ? 'the last record does not end with CRLF' : `unexpected ${JSON.stringify(text[i])}`);
    }
    if (records.length > 0 && record.length !== records[0]!.length) fail(`record ${records.length + 1} has ${record.length} fields, not ${records[0]!.length}`);
    records.push(record);
  }
  return records;
}
