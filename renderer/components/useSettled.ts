import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `delayMs` (compared by JSON). */
export function useSettled<T>(value: T, delayMs: number): T {
  const json = JSON.stringify(value);
  const [settled, setSettled] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(json), delayMs);
    return () => clearTimeout(timer);
  }, [json, delayMs]);
  return JSON.parse(settled) as T;
}
