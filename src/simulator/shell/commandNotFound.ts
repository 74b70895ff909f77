/**
 * The error record PowerShell writes to stderr for a command it does not know, as each edition
 * renders it for a redirected console: Windows PowerShell 5.1 with the NormalView position block,
 * PowerShell 7 in its ConciseView.
 */
import type { PsEdition } from '../output/psValue';

export function commandNotFoundLines(command: string, line: string, edition: PsEdition): string[] {
  if (edition === 'Core') {
    return [
      `${command}: The term '${command}' is not recognized as a name of a cmdlet, function, script file, or executable program.`,
      'Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
    ];
  }
  return [
    `${command} : The term '${command}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    'At line:1 char:1',
    `+ ${line}`,
    `+ ${'~'.repeat(command.length)}`,
    `    + CategoryInfo          : ObjectNotFound: (${command}:String) [], CommandNotFoundException`,
    '    + FullyQualifiedErrorId : CommandNotFoundException',
    ' ',
  ];
}
