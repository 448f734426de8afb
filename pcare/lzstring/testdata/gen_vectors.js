// Regenerates the reference vectors in this directory from the real
// JavaScript library. Run from a scratch directory holding lz-string@1.5.0:
//
//   mkdir -p /tmp/lzref && cd /tmp/lzref && npm init -y && npm install lz-string@1.5.0
//   NODE_PATH=/tmp/lzref/node_modules node gen_vectors.js <this testdata dir>
//
// Everything is derived from a fixed seed, so the output is reproducible.
const fs = require('fs');
const path = require('path');
const LZ = require('lz-string');

const dir = process.argv[2] || __dirname;

// mulberry32: tiny deterministic PRNG (Math.random cannot be seeded).
function rng(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// long.json: a ~5 KB repetitive PCare-like JSON document.
const diag = [
  ['A00.1', 'Kolera oleh Vibrio cholerae 01, biovar eltor'],
  ['A01.0', 'Demam tifoid'],
  ['A09', 'Diare dan gastroenteritis oleh penyebab infeksi tertentu'],
  ['I10', 'Hipertensi esensial (primer)'],
  ['E11.9', 'Diabetes melitus tipe 2 tanpa komplikasi'],
  ['J06.9', 'Infeksi saluran pernapasan atas akut, tidak spesifik'],
  ['K30', 'Dispepsia fungsional'],
];
const list = [];
for (let i = 0; list.length < 56; i++) {
  const [kd, nm] = diag[(i * 5) % diag.length];
  list.push({ kdDiag: kd, nmDiag: nm + ' #' + i, nonSpesialis: i % 3 === 0 });
}
const long = JSON.stringify({ response: { count: list.length, list }, metaData: { message: 'OK', code: 200 } });
fs.writeFileSync(path.join(dir, 'long.json'), long);
fs.writeFileSync(path.join(dir, 'long.lz'), LZ.compressToEncodedURIComponent(long));

// random_vectors.json: mixed-script strings with plenty of repetition.
const r = rng(20240601);
const pick = (a) => a[Math.floor(r() * a.length)];
const words = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf',
  '__defineGetter__', 'prototype', 'kdDiag', '"nmDiag":"', 'Kolera', ' ', '+', '%20'];
function piece(out) {
  switch (Math.floor(r() * 8)) {
    case 0: return String.fromCharCode(32 + Math.floor(r() * 95)); // printable ASCII
    case 1: return String.fromCharCode(Math.floor(r() * 32)); // control
    case 2: return String.fromCharCode(0x80 + Math.floor(r() * 0x80)); // Latin-1
    case 3: { // BMP above Latin-1, skipping surrogates
      let c; do { c = 0x100 + Math.floor(r() * 0xff00); } while (c >= 0xd800 && c < 0xe000);
      return String.fromCharCode(c);
    }
    case 4: return String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000)); // astral
    case 5: return pick(words);
    default: { // repeat an earlier run, so the dictionary gets used
      if (out.length < 2) return 'ab';
      let a = Math.floor(r() * out.length), n = 1 + Math.floor(r() * 24);
      let s = out.slice(a, a + n);
      // never split a surrogate pair
      if (/^[\udc00-\udfff]/.test(s)) s = s.slice(1);
      if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
      return s;
    }
  }
}
const vectors = [];
for (let i = 0; i < 200; i++) {
  const max = i < 180 ? 60 : 600;
  const target = Math.floor(r() * max);
  let s = '';
  while (s.length < target) s += piece(s);
  vectors.push({ plain: s, lz: LZ.compressToEncodedURIComponent(s) });
}
fs.writeFileSync(path.join(dir, 'random_vectors.json'), JSON.stringify(vectors, null, 0) + '\n');
