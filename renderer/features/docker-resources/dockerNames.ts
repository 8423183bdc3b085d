import type { ImageRow } from '../../../shared/docker';

/** "sha256:3211864b18c6…" → "3211864b18c6": the short id users know from the docker CLI. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Splits "registry:5000/team/app:1.2" into repository and tag (the last colon after the last slash). */
export function splitRepoTag(repoTag: string): { repository: string; tag: string } {
  const slash = repoTag.lastIndexOf('/');
  const colon = repoTag.lastIndexOf(':');
  if (colon > slash) return { repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
  return { repository: repoTag, tag: '' };
}

/** What to call an image: its first tag, or its short id when untagged. */
export function imageName(row: Pick<ImageRow, 'id' | 'repoTags'>): string {
  const tag = row.repoTags.find((t) => t !== '<none>:<none>');
  return tag ?? shortId(row.id);
}
