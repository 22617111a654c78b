// Redacts every string value of every NDJSON event with one regex-only JavaScript library and
// writes NDJSON, like `vigil redact`. Prints events/s of the redaction loop (warm) on stderr;
// time the whole process from outside for the cold figure.
// Usage: node redact-js.js redactpii|redact-pii IN OUT [passes]
'use strict';
const fs = require('fs');
const [lib, inFile, outFile, passesArg] = process.argv.slice(2);
let redact;
if (lib === 'redactpii') {
  const { Redactor } = require('@redactpii/node');
  const r = new Redactor();
  redact = (s) => r.redact(s);
} else if (lib === 'redact-pii') {
  const { SyncRedactor } = require('redact-pii');
  const r = new SyncRedactor();
  redact = (s) => r.redact(s);
} else {
  throw new Error('library must be redactpii or redact-pii, got ' + lib);
}
function walk(v) {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map(walk);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = walk(v[k]);
    return o;
  }
  return v;
}
const lines = fs.readFileSync(inFile, 'utf8').split('\n').filter((l) => l.length > 0);
const passes = parseInt(passesArg || '1', 10);
let out;
for (let p = 0; p < passes; p++) {
  const t0 = process.hrtime.bigint();
  out = lines.map((l) => JSON.stringify(walk(JSON.parse(l))));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`${lib} pass ${p + 1}: ${lines.length} events in ${s.toFixed(3)} s = ${Math.round(lines.length / s)} events/s\n`);
}
fs.writeFileSync(outFile, out.join('\n') + '\n');
