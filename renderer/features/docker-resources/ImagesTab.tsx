import type { EngineInfo } from '../../../shared/app';
import type { ImageRow } from '../../../shared/docker';
import { api } from '../../api/client';
import { useNow } from '../../components/useNow';
import { formatAge, formatExactTime } from '../../format/age';
import { formatBytes } from '../../format/units';
import { imageName, shortId, splitRepoTag } from './dockerNames';
import { ResourceTab, type ResourceColumn } from './ResourceTab';

const columns: ReadonlyArray<ResourceColumn<ImageRow>> = [
  {
    id: 'repository',
    label: 'Repository',
    width: 'minmax(180px, 2fr)',
    sortable: true,
    mono: true,
    title: 'An image is a read-only template containers are created from.',
    sortValue: (r) => imageName(r),
    render: (r) =>
      r.repoTags[0] ? splitRepoTag(r.repoTags[0]).repository : <span className="muted">&lt;none&gt;</span>,
    cellTitle: (r) => r.repoTags.join('\n') || undefined,
  },
  {
    id: 'tag',
    label: 'Tag',
    width: 'minmax(70px, 0.7fr)',
    sortable: true,
    mono: true,
    sortValue: (r) => (r.repoTags[0] ? splitRepoTag(r.repoTags[0]).tag : undefined),
    render: (r) => (
      <>
        {r.repoTags[0] ? splitRepoTag(r.repoTags[0]).tag : <span className="muted">&lt;none&gt;</span>}
        {r.repoTags.length > 1 && <span className="muted"> +{r.repoTags.length - 1}</span>}
      </>
    ),
  },
  { id: 'id', label: 'Id', width: '110px', mono: true, render: (r) => shortId(r.id) },
  {
    id: 'size',
    label: 'Size',
    width: '90px',
    sortable: true,
    align: 'end',
    sortValue: (r) => r.size,
    render: (r) => formatBytes(r.size),
  },
  {
    id: 'created',
    label: 'Created',
    width: '80px',
    sortable: true,
    align: 'end',
    sortValue: (r) => -r.createdAt,
    render: (r, now) => formatAge(r.createdAt, now),
    cellTitle: (r) => formatExactTime(r.createdAt),
  },
  {
    id: 'usedBy',
    label: 'Used by',
    width: 'minmax(140px, 1.5fr)',
    sortable: true,
    sortValue: (r) => r.containers,
    render: (r) =>
      r.containers === 0 ? <span className="muted">unused{r.dangling ? ' · dangling' : ''}</span> : r.usedBy.join(', '),
    cellTitle: (r) => (r.usedBy.length ? r.usedBy.join('\n') : undefined),
  },
];

export function ImagesTab(props: { engines: readonly EngineInfo[] }) {
  const now = useNow(30_000);
  return (
    <ResourceTab<ImageRow>
      id="images"
      noun="image"
      topic="docker.images"
      engines={props.engines}
      columns={columns}
      defaultSort={{ key: 'repository', dir: 'asc' }}
      nameOf={imageName}
      filterFields={(r) => [...r.repoTags, shortId(r.id), ...r.usedBy]}
      inspect={(r) => api.invoke('docker.image.inspect', { engineId: r.engineId, id: r.id })}
      remove={{
        describe: (r) => (
          <p>
            The image <strong className="mono">{imageName(r)}</strong> ({formatBytes(r.size)}) will be deleted from the
            engine
            {r.repoTags.length > 1 ? ` with its ${r.repoTags.length} tags` : ''}.
            {r.containers > 0 && ` It is used by ${r.usedBy.join(', ')}.`}
          </p>
        ),
        offerForce: (r) =>
          r.containers > 0 || r.repoTags.length > 1
            ? 'Force: remove it even though it is in use or has several tags'
            : null,
        run: (r, force) => api.invoke('docker.image.remove', { engineId: r.engineId, id: r.id, force }),
      }}
      pruneKind="images"
      emptyText="No images on this engine. Pull or build one (docker pull, docker build)."
      now={now}
    />
  );
}
