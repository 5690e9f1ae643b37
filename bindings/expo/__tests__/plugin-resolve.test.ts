// `npm install /path/to/checkout` installs the package as a symlink, and Node resolves
// `require` from the real path: the plugin must find Expo's helpers from the app.
// Here the plugin file is copied where no node_modules can be found above it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.join(__dirname, '..', '..', '..');
let plugin: any;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speech-emotion-plugin-'));
  fs.copyFileSync(path.join(repoRoot, 'app.plugin.js'), path.join(dir, 'app.plugin.js'));
  plugin = require(path.join(dir, 'app.plugin.js'));
});

test('resolves expo/config-plugins from the project, not from the plugin file', () => {
  // The repository root stands in for the app: it has expo (a devDependency).
  const config = plugin({ name: 'app', slug: 'app', _internal: { projectRoot: repoRoot } });
  expect(Object.keys(config.mods.ios)).toContain('infoPlist');
  expect(Object.keys(config.mods.android)).toEqual(expect.arrayContaining(['manifest', 'gradleProperties']));
});

test('says what to do when the app has no expo', () => {
  const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'no-expo-'));
  expect(() => plugin({ name: 'app', _internal: { projectRoot } })).toThrow(/cannot find 'expo\/config-plugins'.*install expo/);
});
