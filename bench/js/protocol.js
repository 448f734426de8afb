// The reference decoder for `make bench`: the same PCare answers the Go
// runner reads (written by `fktpbench protocol-gen`), read the way the
// JavaScript bridging code does it: JSON.parse of the envelope, AES-256-CBC
// with node's crypto (key sha256(consId + secret + timestamp), IV its first
// 16 bytes, PKCS#7 checked by final()), lz-string 1.5.0's
// decompressFromEncodedURIComponent, JSON.parse.
//
// Timing matches the Go side: a warm-up (so V8 has optimised the code),
// then 7 runs of as many calls as fill about 0.2 s; the figure is the median
// run's CPU time per call. One JSON line per input goes to stdout.
//
//   node protocol.js DIR
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const LZString = require('lz-string');

// plain is the decrypted JSON text: envelope, AES, LZ.
function plain(body, inp) {
  const env = JSON.parse(body);
  const key = crypto.createHash('sha256').update(inp.consId + inp.secret + inp.timestamp).digest();
  const d = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const pt = Buffer.concat([d.update(env.response, 'base64'), d.final()]).toString('utf8');
  const js = LZString.decompressFromEncodedURIComponent(pt);
  if (js === null || js === '') throw new Error(inp.name + ': not lz-string data');
  return js;
}

function decode(body, inp) {
  const v = JSON.parse(plain(body, inp));
  if (inp.rows === 0 ? !v.noKartu : v.list.length !== inp.rows) throw new Error(inp.name + ': wrong content');
  return v;
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6; // ms
}

// cpu is the CPU time (user + system, every thread: V8's compiler and
// garbage collector too) the process has used, in ms — the clock the Go
// side times with, so another program's load on the machine counts on
// neither side.
function cpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function calibrate(fn, targetMs) {
  for (let n = 1; ; n *= 4) {
    const t = now();
    for (let i = 0; i < n; i++) fn();
    const d = now() - t;
    if (d >= targetMs / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * targetMs) / Math.max(d, 0.001)));
  }
}

function main() {
  const dir = process.argv[2];
  const inputs = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
  for (const inp of inputs) {
    const body = fs.readFileSync(path.join(dir, inp.file), 'utf8');
    // The whole read, then the same without the final JSON.parse.
    for (const [suffix, fn] of [['.js', () => decode(body, inp)], ['.nojson.js', () => plain(body, inp)]]) {
      // Warm-up: a full second, more than the Go side gets, so the JIT
      // has every chance.
      for (const t = now(); now() - t < 1000; ) fn();
      const n = calibrate(fn, 200);
      const runs = [];
      for (let r = 0; r < 7; r++) {
        const t = cpu();
        for (let i = 0; i < n; i++) fn();
        runs.push((cpu() - t) / n);
      }
      process.stdout.write(JSON.stringify({
        id: 'protocol.' + inp.name + suffix, value: median(runs), unit: 'ms', runs,
        detail: `node ${process.version}, lz-string ${require('lz-string/package.json').version}; CPU time`,
      }) + '\n');
    }
  }
}

main();
