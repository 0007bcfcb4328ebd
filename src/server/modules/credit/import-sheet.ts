import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DomainError } from '../../../domain/errors';

/**
 * Reads a credit import file as a stream of rows, whatever its size: a CSV (UTF-8 with or without BOM,
 * UTF-16 with BOM, or GBK/GB18030 as Excel on Chinese Windows saves it) or the first worksheet of an .xlsx
 * workbook. Row numbers are those a spreadsheet shows (the header is row 1), so a problem can be found
 * in the file as reported.
 */
export type SheetFormat = 'csv' | 'xlsx';
export type Cell = string | number | boolean | Date | null | undefined;
export type SheetRow = { row: number; cells: readonly Cell[] };
export type Sheet = {
  format: SheetFormat;
  /** The text encoding of a CSV; null for a workbook. */
  encoding: string | null;
  sizeBytes: number;
  bytesRead(): number;
  rows(): AsyncGenerator<SheetRow>;
};

const SAMPLE_BYTES = 64 * 1024;

/** A CSV's encoding from its first bytes: a BOM if there is one, else UTF-8 if they decode as such, else GB18030. */
export function detectEncoding(sample: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // `stream` tolerates a character cut in two at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    // GB18030 is a superset of GBK and GB2312: it reads all three.
    return 'gb18030';
  }
}

const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  gb18030: 'GBK/GB18030',
};
export const encodingLabel = (e: string | null): string | null => (e ? (ENCODING_LABELS[e] ?? e) : null);

/**
 * UTF-8 decoded strictly: a file that starts in UTF-8 and turns out to hold GBK further on is refused
 * rather than imported with replacement characters.
 */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(
          new DomainError(
            'VALIDATION',
            '文件前部是UTF-8编码、后部不是，请将整个文件另存为同一种编码后重新导入',
          ),
        );
      }
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest || undefined);
      } catch {
        done(new DomainError('VALIDATION', '文件末尾有不完整的UTF-8字符'));
      }
    },
  });
}

function counted(path: string, onBytes: (n: number) => void): Readable {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  input.on('error', (e) => counter.destroy(e));
  return input.pipe(counter);
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号未闭合',
  CSV_INVALID_CLOSING_QUOTE: '右引号后紧跟了其他字符',
  CSV_MAX_RECORD_SIZE: '一行的内容过长（超过100万个字符，可能是引号未闭合）',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '右引号后紧跟了其他字符',
};

export async function openSheet(path: string, declared?: SheetFormat): Promise<Sheet> {
  const { size } = await stat(path);
  const head = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new DomainError('VALIDATION', '不支持旧版Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入');
  }
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const format: SheetFormat = zip ? 'xlsx' : 'csv';
  if (declared && declared !== format) {
    throw new DomainError(
      'VALIDATION',
      format === 'xlsx' ? '文件内容是Excel工作簿，而不是CSV' : '文件内容不是Excel（.xlsx）工作簿',
    );
  }
  let read = 0;
  const onBytes = (n: number) => {
    read += n;
  };
  if (format === 'xlsx') {
    return {
      format,
      encoding: null,
      sizeBytes: size,
      bytesRead: () => read,
      rows: () => xlsxRows(path, onBytes),
    };
  }
  const encoding = detectEncoding(head);
  return {
    format,
    encoding,
    sizeBytes: size,
    bytesRead: () => read,
    rows: () => csvRows(path, encoding, onBytes),
  };
}

async function* csvRows(
  path: string,
  encoding: string,
  onBytes: (n: number) => void,
): AsyncGenerator<SheetRow> {
  const input = counted(path, onBytes);
  const decoder =
    encoding === 'utf-8' ? strictUtf8() : (iconv.decodeStream(encoding) as unknown as Transform);
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: 1_000_000,
  });
  const fail = (e: Error) => parser.destroy(e);
  input.on('error', fail);
  decoder.on('error', fail);
  input.pipe(decoder).pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells };
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code?.startsWith('CSV_')) {
      throw new DomainError(
        'VALIDATION',
        `第${row + 1}行CSV格式有误：${CSV_ERRORS[code] ?? code}，之后的内容无法读取`,
        {
          row: row + 1,
        },
      );
    }
    throw e;
  } finally {
    input.destroy();
    decoder.destroy();
    parser.destroy();
  }
}

async function* xlsxRows(path: string, onBytes: (n: number) => void): AsyncGenerator<SheetRow> {
  const input = counted(path, onBytes);
  // Styles are read so that date-formatted number cells arrive as dates; shared strings must be held,
  // since a row refers to them by index.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = r.values as Cell[];
        yield { row: r.number, cells: values.slice(1) };
      }
      return;
    }
    throw new DomainError('VALIDATION', 'Excel文件中没有工作表');
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('VALIDATION', '无法读取Excel文件，请确认是 .xlsx 格式且未加密', {
      reason: (e as Error).message,
    });
  } finally {
    input.destroy();
  }
}
