// The coach pages set quoted moments apart from the coach's own words; nothing of the text may be lost or doubled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { quotedParts } from './coach-words.ts';

test('a debrief sentence splits into the coach’s prose and the quoted moments', () => {
  assert.deepEqual(quotedParts('At 1:02, you said “ship it” and “wait”.'), [
    { text: 'At 1:02, you said ', quoted: false },
    { text: '“ship it”', quoted: true },
    { text: ' and ', quoted: false },
    { text: '“wait”', quoted: true },
    { text: '.', quoted: false },
  ]);
  assert.deepEqual(quotedParts('No quotes here.'), [{ text: 'No quotes here.', quoted: false }]);
  assert.deepEqual(quotedParts('An unclosed “quote stays prose'), [{ text: 'An unclosed “quote stays prose', quoted: false }]);
});

test('the parts always put the text back together exactly, and only quoted parts carry curly quotes at both ends', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('“', '”', '“a”', 'x'))), (pieces) => {
      const text = pieces.join('');
      const parts = quotedParts(text);
      assert.equal(parts.map((p) => p.text).join(''), text);
      for (const p of parts) {
        if (p.quoted) assert.match(p.text, /^“[^”]*”$/);
        assert.ok(p.text.length > 0);
      }
    }),
  );
});
