// Parses each Mermaid file named on the command line with Mermaid's own parser (mermaid.parse, the one the live
// editor and every renderer use), under jsdom because Mermaid expects a DOM. Prints "ok <file>" or "error <file>:
// <parser message>" per file; exits 1 if any file failed.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (error) {
    failed = true;
    console.log(`error ${file}: ${String(error.message ?? error).replace(/\n/g, ' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
