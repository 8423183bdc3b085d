import type { ConnectionState } from '../../shared/app';

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

/** Colour means state, and never alone: a word (and a glyph) go with it. */
const GLYPH: Record<Tone, string> = { ok: '●', warn: '▲', bad: '✖', idle: '○' };

export function StateBadge(props: { tone: Tone; label: string; title?: string }) {
  return (
    <span className={`badge tone-${props.tone}`} title={props.title}>
      <span aria-hidden="true">{GLYPH[props.tone]}</span> {props.label}
    </span>
  );
}

export function connectionTone(state: ConnectionState): Tone {
  switch (state) {
    case 'live':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
    case 'stale':
      return 'warn';
    case 'error':
      return 'bad';
    default:
      return 'idle';
  }
}
