import { useEffect } from 'react';
import { isTyping } from '../../../components/isTyping';

/** `l` opens the Logs tab of the row under the cursor (or the open one), as in the containers list. */
export function useLogsKey(target: string | null, open: (key: string) => void): void {
  useEffect(() => {
    if (!target) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'l' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      open(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
