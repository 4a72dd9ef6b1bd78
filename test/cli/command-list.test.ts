import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNames } from '../../src/cli/command-list.js';

// main() lists a command from its entry unless the arguments name it, so the entry must say
// what the module says: the top-level help would otherwise differ from the command's own.
describe('the command list', () => {
  for (const entry of COMMANDS)
    it(`${entry.command}: the entry matches its module`, async () => {
      const m = await entry.load();
      expect({ command: entry.command, describe: entry.describe }).toEqual({
        command: m.command,
        describe: m.describe,
      });
    });

  it('names each command once', () => {
    expect(new Set(commandNames()).size).toBe(COMMANDS.length);
  });
});
