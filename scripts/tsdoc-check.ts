/**
 * Lists the public exports, values and types (of src/index.ts and src/testing/index.ts), whose declaration has no
 * TSDoc comment with an `@example`. test/docs.test.ts asserts the list is empty.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every export (functions, constants, classes, interfaces, types) of an entry, with the file that declares it. */
function entryExports(entry: string): { name: string; file: string }[] {
  const text = readFileSync(join(root, entry), 'utf8');
  const out: { name: string; file: string }[] = [];
  for (const m of text.matchAll(/^export (?:type )?\{([^}]*)\} from '([^']+)';/gm)) {
    const file = resolve(dirname(join(root, entry)), (m[2] as string).replace(/\.js$/, '.ts'));
    for (const raw of (m[1] as string).split(',')) {
      const name = raw.trim();
      if (name !== '' && !name.startsWith('type ')) out.push({ name, file });
    }
  }
  return out;
}

/** The exports with no `@example` in the TSDoc just before their declaration. */
export function missingExamples(): string[] {
  const missing: string[] = [];
  for (const entry of ['src/index.ts', 'src/testing/index.ts', 'src/http/index.ts']) {
    for (const { name, file } of entryExports(entry)) {
      const text = readFileSync(file, 'utf8');
      const decl = new RegExp(`^export (?:abstract )?(?:function|const|class|interface|type) ${name}\\b`, 'm').exec(text);
      if (decl === null) {
        missing.push(`${name} (declaration not found in ${file})`);
        continue;
      }
      const before = text.slice(0, decl.index).trimEnd();
      const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
      if (!doc.includes('@example')) missing.push(`${name} (${file.slice(root.length + 1)})`);
    }
  }
  return missing;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = missingExamples();
  console.log(missing.length === 0 ? 'every export has an @example' : missing.join('\n'));
}
