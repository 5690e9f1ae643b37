// No Swift compiler on the Linux machines: the hand-written Swift (ios/) is at least
// parsed with tree-sitter-swift. (The UniFFI-generated Swift is not checked here: the
// grammar does not handle `#if` around attributes, which that code uses.)
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Parser = require('tree-sitter');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Swift = require('tree-sitter-swift');

function syntaxErrors(source: string): string[] {
  const parser = new Parser();
  parser.setLanguage(Swift);
  const tree = parser.parse(source, null, { bufferSize: 1 << 22 });
  const errors: string[] = [];
  (function walk(node: any) {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? 'missing ' + node.type : 'syntax error'}`);
    } else {
      node.children.forEach(walk);
    }
  })(tree.rootNode);
  return errors;
}

const iosDir = path.join(__dirname, '..', '..', '..', 'ios');

test.each(fs.readdirSync(iosDir).filter((f) => f.endsWith('.swift')))('ios/%s parses', (file) => {
  expect(syntaxErrors(fs.readFileSync(path.join(iosDir, file), 'utf8'))).toEqual([]);
});

test('the check catches a syntax error', () => {
  expect(syntaxErrors('func f( {\n  let x = 1\n}\n').length).toBeGreaterThan(0);
});
