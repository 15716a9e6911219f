import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * Every package the lockfile installs (what `npm ci` puts in node_modules) supports the oldest
 * Node.js the project says it runs on. A dependency that declares a later Node.js than ours makes
 * `npm ci` warn (EBADENGINE) on a supported machine and may use what that Node.js lacks.
 */
describe('installed dependencies', () => {
  const root = path.join(__dirname, '..');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; engines?: unknown; optional?: boolean; os?: string[] }>;
  };

  it('each support the oldest Node.js the project runs on', () => {
    const oldest = semver.minVersion(manifest.engines.node);
    if (!oldest) throw new Error(`package.json's engines.node (${manifest.engines.node}) names no version`);
    expect(oldest.version).toMatch(/^20\./);
    const refusing = Object.entries(lock.packages)
      .filter(([where]) => where !== '')
      .flatMap(([where, pkg]) => {
        // engines may be an object ({ node: range }) or, in old packages, a list of strings.
        const node = pkg.engines && !Array.isArray(pkg.engines) ? (pkg.engines as { node?: unknown }).node : undefined;
        if (typeof node !== 'string') return [];
        const range = semver.validRange(node);
        return range && semver.satisfies(oldest, range) ? [] : [`${where}@${pkg.version} needs Node.js ${node}`];
      });
    expect(refusing).toEqual([]);
  });
});
