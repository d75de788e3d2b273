// Fails when a barrel file (index.ts / index.tsx re-export hub) exists under src/ or mocks/.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const barrel = /^index\.(ts|tsx|mts|js|jsx)$/;

/** @param {string} dir @returns {string[]} */
function findBarrels(dir) {
  /** @type {import('node:fs').Dirent[]} */
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findBarrels(full);
    return barrel.test(entry.name) ? [path.relative(root, full)] : [];
  });
}

const barrels = ['src', 'mocks'].flatMap((dir) => findBarrels(path.join(root, dir)));
if (barrels.length > 0) {
  console.error(`No barrel files (import from the module itself): ${barrels.join(', ')}`);
  process.exit(1);
}
console.log('Structure: no barrel files under src/ or mocks/.');
