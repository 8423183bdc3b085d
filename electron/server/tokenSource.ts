import { readFileSync } from 'node:fs';
import { tokenProblem } from './auth';

export interface TokenSources {
  /** `--token T`: handy, but a command line is readable by every local user. */
  flag?: string | undefined;
  /** `--token-file PATH`: the file's first line. */
  file?: string | undefined;
  /** `BERTH_TOKEN`. */
  env?: string | undefined;
}

/**
 * The token the user chose, or undefined for a random one. The command line wins over the
 * environment; naming both a token and a token file is a mistake worth saying.
 */
export function chooseToken(sources: TokenSources): string | undefined {
  if (sources.flag !== undefined && sources.file !== undefined) {
    throw new Error('Give either --token or --token-file, not both.');
  }
  let token: string | undefined;
  let origin: string;
  if (sources.file !== undefined) {
    origin = `The token in ${sources.file}`;
    try {
      token = readFileSync(sources.file, 'utf8').split(/\r?\n/, 1)[0]!.trim();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not read --token-file ${sources.file}: ${reason}`, { cause: error });
    }
  } else if (sources.flag !== undefined) {
    origin = '--token';
    token = sources.flag;
  } else if (sources.env) {
    origin = 'BERTH_TOKEN';
    token = sources.env;
  } else {
    return undefined;
  }
  const problem = tokenProblem(token);
  if (problem) throw new Error(`${origin} ${problem}.`);
  return token;
}
