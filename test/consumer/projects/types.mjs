// The types project: the tarball, typescript and @types/node only (no optional peers). Every
// entry without peers is imported by an ESM and a CJS file, checked strictly with
// skipLibCheck false, under NodeNext and bundler resolution, on TypeScript 5, 6 and 7.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, npmInstall, projectDir } from '../harness.mjs';
import { peersOf } from '../entry-peers.mjs';

export const TYPESCRIPT_VERSIONS = ['5', '6', '7'];

const base = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', types: ['node'], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true };

export async function typesProject({ suite, root, tarball, entries }) {
  const dir = projectDir(root, 'types', { name: 'consumer-types', type: 'module' });
  const checked = entries.filter((entry) => peersOf(entry.specifier).length === 0);
  const lines = (filter) => checked.filter(filter).map((entry, i) => `import * as entry${i} from '${entry.specifier}';\nexport const use${i} = entry${i};`).join('\n');
  writeFileSync(join(dir, 'entries.mts'), `${lines((e) => e.esm)}\n`);
  writeFileSync(join(dir, 'entries.cts'), `${lines((e) => e.cjs)}\n`);
  writeFileSync(join(dir, 'bundler.ts'), `${lines((e) => e.esm)}\n`);
  writeFileSync(join(dir, 'tsconfig.nodenext.json'), JSON.stringify({ compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['entries.mts', 'entries.cts'] }));
  writeFileSync(join(dir, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' }, files: ['bundler.ts'] }));
  await suite.check('types: npm install <tarball> typescript @types/node', async () => {
    await npmInstall(dir, tarball, ['typescript@6', '@types/node@22']);
  });
  for (const version of TYPESCRIPT_VERSIONS) {
    for (const resolution of ['nodenext', 'bundler']) {
      await suite.check(`types: TypeScript ${version}, ${resolution} resolution, strict, skipLibCheck false (${checked.length} entries)`, async () => {
        const tsc = version === '6' ? ['node_modules/.bin/tsc'] : ['npx', '-y', '-p', `typescript@${version}`, 'tsc'];
        await mustRun(tsc[0], [...tsc.slice(1), '-p', `tsconfig.${resolution}.json`], { cwd: dir, timeoutMs: 180_000 });
      });
    }
  }
}
