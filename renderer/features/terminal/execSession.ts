/** Pure helpers for the Terminal tab's exec sessions. */

/** Shells offered in the chooser (the backend's default tries /bin/bash, then /bin/sh). */
export const SHELL_SUGGESTIONS = ['/bin/bash', '/bin/sh', '/bin/ash', '/bin/zsh', '/usr/bin/fish'];

/** The backend accepts an absolute path of plain characters (no spaces, no arguments). */
export function isValidShellPath(path: string): boolean {
  return path.length <= 256 && /^\/[A-Za-z0-9_./-]*$/.test(path);
}

export interface ExecEnd {
  /** What the notice says, e.g. "exited with code 0". */
  headline: string;
  exitCode?: number;
  /** A non-zero exit or an error: shown as a problem, not a normal end. */
  failed: boolean;
}

/**
 * Reads `end.reason` of `docker.exec.output`: the backend puts the exit code in it
 * ("exited with code 0", "exit code 137", "exitCode=1"…); anything else is shown as is.
 */
export function describeExecEnd(reason: string | undefined): ExecEnd {
  const text = (reason ?? '').trim() || 'the session ended';
  const match = /exit(?:ed)?[\s_-]*(?:with[\s_-]*)?(?:status|code)?[\s:=]*(-?\d+)/i.exec(text);
  if (match) {
    const exitCode = Number(match[1]);
    return { headline: text, exitCode, failed: exitCode !== 0 };
  }
  const failed = /error|fail|denied|not found|no such|unavailable|lost/i.test(text);
  return { headline: text, failed };
}
