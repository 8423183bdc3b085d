import { describe, expect, it } from 'vitest';
import { JsonLineParser } from './jsonLines';

describe('JsonLineParser', () => {
  it('parses newline-delimited JSON split anywhere across chunks, skipping garbage', () => {
    const text = '{"Type":"container","Action":"start"}\nnot json\n{"a":"ü"}\n{"tail":1}';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new JsonLineParser();
      const out = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut)), ...parser.end()];
      expect(out).toEqual([{ Type: 'container', Action: 'start' }, { a: 'ü' }, { tail: 1 }]);
    }
  });
});
