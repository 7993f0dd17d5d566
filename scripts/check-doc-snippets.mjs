// Type-checks every ```ts block of the docs as its own module against src/, so a snippet cannot rot (CONTRIBUTING.md).
// Usage: node scripts/check-doc-snippets.mjs [file.md ...]   (default: README.md, CONTRIBUTING.md, docs/**, the sub-READMEs)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TS_FENCES = new Set(['ts', 'typescript']);

function markdownBelow(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function defaultFiles() {
  const fixed = ['README.md', 'CONTRIBUTING.md', 'sample-app/README.md', 'bench/README.md'].map((file) => join(root, file));
  return [...fixed.filter((file) => existsSync(file)), ...markdownBelow(join(root, 'docs'))];
}

/** Fenced blocks whose info string names TypeScript, with the 1-based line of their opening fence. */
function extractBlocks(markdown) {
  const blocks = [];
  let open;
  markdown.split(/\r?\n/).forEach((line, index) => {
    if (open === undefined) {
      const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
      if (fence) open = { indent: fence[1].length, fence: fence[2], lang: fence[3].toLowerCase(), line: index + 1, body: [] };
      return;
    }
    const close = new RegExp(`^\\s*${open.fence[0]}{${open.fence.length},}\\s*$`);
    if (close.test(line)) {
      if (TS_FENCES.has(open.lang)) blocks.push({ line: open.line, indent: open.indent, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    // a fence inside a list item is indented; its content carries the same indent
    open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
  });
  // an unclosed fence runs to the end of the document, as CommonMark reads it
  if (open !== undefined && TS_FENCES.has(open.lang)) blocks.push({ line: open.line, indent: open.indent, code: open.body.join('\n') });
  return blocks;
}

/** `nestjs-health` and each `nestjs-health/<folder>` that has an index.ts, mapped to the source users get built. */
function publicEntryPaths() {
  const paths = { 'nestjs-health': [join(root, 'src', 'index.ts')] };
  for (const entry of readdirSync(join(root, 'src'), { withFileTypes: true })) {
    const index = join(root, 'src', entry.name, 'index.ts');
    if (entry.isDirectory() && existsSync(index)) paths[`nestjs-health/${entry.name}`] = [index];
  }
  return paths;
}

function compilerOptions() {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    incremental: false,
    // each block is a module of its own, even one without import or export
    moduleDetection: ts.ModuleDetectionKind.Force,
    paths: publicEntryPaths(),
  };
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function location(place) {
  return `${relative(process.cwd(), place.markdown) || place.markdown}:${place.line}`;
}

function main() {
  const started = performance.now();
  const files = process.argv.length > 2 ? process.argv.slice(2).map((file) => resolve(file)) : defaultFiles();
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(`docs:check: no such file: ${missing.map((file) => relative(process.cwd(), file)).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  // inside the repository, so the snippets resolve @nestjs/* from its node_modules and are ESM like it
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'doc-snippets-'));
  const blocks = new Map();
  try {
    for (const markdown of files) {
      const stem = relative(root, markdown).replace(/[^\w.-]+/g, '_');
      extractBlocks(readFileSync(markdown, 'utf8')).forEach((block, index) => {
        const file = join(dir, `${String(blocks.size).padStart(3, '0')}-${stem}-block${index + 1}.ts`);
        writeFileSync(file, `${block.code}\n`);
        blocks.set(file, { markdown, line: block.line, indent: block.indent, index: index + 1 });
      });
    }
    const program = ts.createProgram({ rootNames: [...blocks.keys()], options: compilerOptions() });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
      const block = diagnostic.file && blocks.get(diagnostic.file.fileName);
      if (block && diagnostic.start !== undefined) {
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        // the block's first line is the one after its opening fence
        const at = { markdown: block.markdown, line: block.line + 1 + line };
        console.error(`${location(at)}:${block.indent + character + 1} - error TS${diagnostic.code}: ${message} (\`\`\`ts block ${block.index}, fence at line ${block.line})`);
      } else {
        const where = diagnostic.file ? `${relative(process.cwd(), diagnostic.file.fileName)}: ` : '';
        console.error(`${where}error TS${diagnostic.code}: ${message}`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = `${plural(blocks.size, 'TypeScript block')} in ${plural(files.length, 'Markdown file')}`;
    if (diagnostics.length > 0) {
      console.error(`docs:check: ${plural(diagnostics.length, 'error')} in ${summary} (${seconds} s)`);
      process.exitCode = 1;
    } else {
      console.log(`docs:check: ${summary} type-check (${seconds} s)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
