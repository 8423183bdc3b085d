import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import { builtinKindByKind } from '../../../shared/kube/kinds';
import type { HealthLevel } from '../../../shared/kube/types';
import { HEALTH_WORDS } from '../kubernetes/kubeList';
import { NODE_HEIGHT, NODE_WIDTH, type LayoutResult, type Rect } from './layout';
import { neighbourhood, type MapEdge, type MapGroup, type MapModel, type MapNode } from './mapModel';

interface View {
  x: number;
  y: number;
  k: number;
}

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 2.5;
const MINIMAP_WIDTH = 200;
/** A wheel gesture has ended when no wheel event came for this long. */
const WHEEL_END_MS = 300;
/** Short kind names on the node badges. */
const KIND_SHORT: Record<string, string> = {
  Pod: 'pod',
  Deployment: 'deploy',
  ReplicaSet: 'rs',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  Job: 'job',
  CronJob: 'cronjob',
  Service: 'svc',
  EndpointSlice: 'eps',
  Ingress: 'ing',
  IngressClass: 'ingclass',
  ConfigMap: 'cm',
  Secret: 'secret',
  HorizontalPodAutoscaler: 'hpa',
  PodDisruptionBudget: 'pdb',
  ServiceAccount: 'sa',
  PersistentVolumeClaim: 'pvc',
  PersistentVolume: 'pv',
  StorageClass: 'sc',
  Node: 'node',
  Engine: 'engine',
  Network: 'net',
  ComposeProject: 'compose',
  ComposeService: 'service',
  Container: 'ctr',
  Volume: 'vol',
  Group: 'group',
};
/** One sentence on what a Docker kind is, for newcomers (Kubernetes kinds carry their own). */
const DOCKER_HELP: Record<string, string> = {
  Engine: 'A Docker engine runs containers from images on one machine.',
  Network: 'A Docker network connects containers to each other and to the outside.',
  ComposeProject: 'A Compose project is a set of containers started together from one compose file.',
  ComposeService: 'A Compose service is one entry of the compose file: one or more containers of one image.',
  Container: 'A container is a running (or stopped) instance of an image, isolated from the rest of the machine.',
  Volume: 'A volume keeps data outside a container, so it survives the container.',
};

function helpOf(kind: string): string | undefined {
  return builtinKindByKind(kind)?.help ?? DOCKER_HELP[kind];
}

const GLYPH: Record<HealthLevel, string> = { ok: '●', warning: '▲', failing: '✖', idle: '○', unknown: '○' };

function fitView(bounds: Rect, width: number, height: number): View {
  if (!bounds.width || !bounds.height || !width || !height) return { x: 0, y: 0, k: 1 };
  const k = clamp(Math.min((width - 40) / bounds.width, (height - 40) / bounds.height, 1.4), MIN_ZOOM, MAX_ZOOM);
  return { k, x: (width - bounds.width * k) / 2 - bounds.x * k, y: (height - bounds.height * k) / 2 - bounds.y * k };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What the map shows and what it reports back: the same for the map and its memoised content. */
interface MapProps {
  model: MapModel;
  layout: LayoutResult;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onToggleGroup: (group: MapGroup) => void;
}

/**
 * The map drawn in SVG: groups, edges, nodes; wheel zooms around the pointer, dragging pans,
 * Fit shows everything, a minimap shows where the view is. Failing objects keep a red ring of
 * a fixed size on screen, so they stand out at any zoom.
 */
export function TopologyMap(props: MapProps) {
  const { model, layout } = props;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);
  const [moving, setMoving] = useState(false);
  const wheelEnd = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(wheelEnd.current), []);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    setSize({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, []);

  // The first layout is fitted; later ones keep the user's zoom and pan.
  const current = view ?? fitView(layout.bounds, size.width, size.height);
  const fit = useCallback(() => setView(fitView(layout.bounds, size.width, size.height)), [layout.bounds, size]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      setMoving(true);
      clearTimeout(wheelEnd.current);
      wheelEnd.current = setTimeout(() => setMoving(false), WHEEL_END_MS);
      setView((v) => {
        const base = v ?? fitView(layout.bounds, element.clientWidth, element.clientHeight);
        const k = clamp(base.k * Math.exp(-event.deltaY * 0.0015), MIN_ZOOM, MAX_ZOOM);
        return { k, x: px - ((px - base.x) * k) / base.k, y: py - ((py - base.y) * k) / base.k };
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [layout.bounds]);

  const zoomBy = (factor: number): void =>
    setView((v) => {
      const base = v ?? current;
      const k = clamp(base.k * factor, MIN_ZOOM, MAX_ZOOM);
      const cx = size.width / 2;
      const cy = size.height / 2;
      return { k, x: cx - ((cx - base.x) * k) / base.k, y: cy - ((cy - base.y) * k) / base.k };
    });

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, view: current, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (!d) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      event.currentTarget.setPointerCapture(event.pointerId);
      setMoving(true);
    }
    d.moved = true;
    setView({ ...d.view, x: d.view.x + dx, y: d.view.y + dy });
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) {
      event.currentTarget.releasePointerCapture(event.pointerId);
      setMoving(false);
      return;
    }
    // A click on the background clears the selection.
    if ((event.target as Element).closest('[data-node]') === null) props.onSelect(null);
  };

  const failing = model.nodes.filter((n) => n.health.level === 'failing' && layout.positions[n.id]);

  return (
    <div className="topology-map">
      <div
        ref={box}
        className="topology-canvas"
        role="application"
        aria-label="Topology map"
        aria-roledescription="map"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      >
        {/* While the user pans or zooms, the map is one composited layer moved by a CSS
            transform: each frame moves pixels already drawn instead of painting every object
            again. Once the gesture ends it is drawn once more at its new scale, sharp. */}
        <svg
          className="topology-layer"
          width={Math.max(1, layout.bounds.x + layout.bounds.width)}
          height={Math.max(1, layout.bounds.y + layout.bounds.height)}
          style={{
            transform: `translate(${current.x}px, ${current.y}px) scale(${current.k})`,
            willChange: moving ? 'transform' : 'auto',
          }}
        >
          <MapContent {...props} />
          {failing.map((n) => {
            const p = layout.positions[n.id]!;
            // A ring of a fixed width on screen: still visible when the map is zoomed far out.
            const pad = Math.max(4, 6 / current.k);
            return (
              <rect
                key={n.id}
                className="topology-failing-ring"
                x={p.x - pad}
                y={p.y - pad}
                width={NODE_WIDTH + 2 * pad}
                height={NODE_HEIGHT + 2 * pad}
                rx={8 + pad / 2}
                strokeWidth={3 / current.k}
              />
            );
          })}
        </svg>
      </div>
      <div className="topology-zoom" role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        <button type="button" onClick={fit} title="Show the whole map">
          Fit
        </button>
      </div>
      <Minimap
        layout={layout}
        model={model}
        view={current}
        size={size}
        onCenter={(x, y) =>
          setView({ ...current, x: size.width / 2 - x * current.k, y: size.height / 2 - y * current.k })
        }
      />
    </div>
  );
}

const MapContent = memo(function MapContent(props: MapProps) {
  const { model, layout, selected } = props;
  const near = neighbourhood(model.edges, selected);
  return (
    <>
      {model.groups.map((group) => {
        const rect = layout.groups[group.id];
        if (!rect) return null;
        return (
          <g key={group.id} className="topology-group-box">
            <rect x={rect.x} y={rect.y} width={rect.width} height={rect.height} rx={8} />
            <text x={rect.x + 12} y={rect.y + 19} className="topology-group-label">
              {shorten(group.label, Math.max(8, Math.floor(rect.width / 8) - 8))}
              <tspan className="topology-group-count">
                {` · ${group.count}`}
                {group.failing ? ` · ${group.failing} failing` : ''}
              </tspan>
            </text>
            <g
              role="button"
              tabIndex={0}
              data-node=""
              className="topology-group-toggle"
              aria-label={`${group.collapsed ? 'Expand' : 'Collapse'} ${group.label}`}
              aria-expanded={!group.collapsed}
              onClick={() => props.onToggleGroup(group)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && props.onToggleGroup(group)}
            >
              <rect x={rect.x + rect.width - 30} y={rect.y + 5} width={22} height={20} rx={4} />
              <text x={rect.x + rect.width - 19} y={rect.y + 19} textAnchor="middle">
                {group.collapsed ? '+' : '−'}
              </text>
            </g>
          </g>
        );
      })}
      {model.edges.map((edge) => (
        <EdgePath
          key={edge.id}
          edge={edge}
          layout={layout}
          lit={
            selected !== null &&
            near.has(edge.from) &&
            near.has(edge.to) &&
            (edge.from === selected || edge.to === selected)
          }
        />
      ))}
      {model.nodes.map((node) => (
        <NodeBox
          key={node.id}
          node={node}
          layout={layout}
          selected={node.id === selected}
          dimmed={selected !== null && !near.has(node.id)}
          onSelect={props.onSelect}
          onExpand={() => {
            const group = model.groups.find((g) => g.id === node.group);
            if (group) props.onToggleGroup(group);
          }}
        />
      ))}
    </>
  );
});

function EdgePath(props: { edge: MapEdge; layout: LayoutResult; lit: boolean }) {
  const a = props.layout.positions[props.edge.from];
  const b = props.layout.positions[props.edge.to];
  if (!a || !b) return null;
  const x1 = a.x + NODE_WIDTH;
  const y1 = a.y + NODE_HEIGHT / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_HEIGHT / 2;
  const bend = Math.max(30, Math.abs(x2 - x1) / 2);
  return (
    <path
      className={`topology-edge${props.lit ? ' lit' : ''}`}
      d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
    />
  );
}

function NodeBox(props: {
  node: MapNode;
  layout: LayoutResult;
  selected: boolean;
  dimmed: boolean;
  onSelect: (id: string) => void;
  onExpand: () => void;
}) {
  const { node } = props;
  const p = props.layout.positions[node.id];
  if (!p) return null;
  const level = node.health.level;
  const what = node.summary ? 'Collapsed group' : node.kind;
  const where = node.node?.namespace ? `${node.node.namespace}/` : '';
  const label = `${what} ${where}${node.label}: ${HEALTH_WORDS[level]}${node.health.reason ? ` (${node.health.reason})` : ''}`;
  const activate = (): void => (node.summary ? props.onExpand() : props.onSelect(node.id));
  return (
    <g
      role="button"
      tabIndex={0}
      data-node={node.id}
      aria-label={label}
      aria-pressed={node.summary ? undefined : props.selected}
      className={`topology-node health-${level}${props.selected ? ' selected' : ''}${props.dimmed ? ' dimmed' : ''}${node.summary ? ' summary' : ''}`}
      transform={`translate(${p.x} ${p.y})`}
      onClick={activate}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          activate();
        }
      }}
    >
      <title>{node.summary ? label : `${label}\n${helpOf(node.kind) ?? ''}`.trim()}</title>
      <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} className="topology-node-box" />
      <rect width={6} height={NODE_HEIGHT} rx={3} className="topology-node-stripe" />
      <text x={14} y={13} className="topology-node-kind">
        <tspan className="topology-node-glyph">{GLYPH[level]}</tspan> {KIND_SHORT[node.kind] ?? node.kind}
        {node.summary?.failing ? ` · ${node.summary.failing} failing` : ''}
      </text>
      <text x={14} y={27} className="topology-node-name">
        {shorten(node.label, 24)}
      </text>
    </g>
  );
}

function Minimap(props: {
  layout: LayoutResult;
  model: MapModel;
  view: View;
  size: { width: number; height: number };
  onCenter: (x: number, y: number) => void;
}) {
  const { bounds } = props.layout;
  if (!bounds.width || !bounds.height) return null;
  const scale = MINIMAP_WIDTH / Math.max(bounds.width, bounds.height * 1.5);
  const height = Math.max(40, bounds.height * scale);
  const width = Math.max(40, bounds.width * scale);
  const { view, size } = props;
  const viewport = {
    x: -view.x / view.k,
    y: -view.y / view.k,
    width: size.width / view.k,
    height: size.height / view.k,
  };
  return (
    <svg
      className="topology-minimap"
      width={width}
      height={height}
      viewBox={`${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`}
      role="img"
      aria-label="Minimap: click to move the view there"
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        props.onCenter(
          bounds.x + ((event.clientX - rect.left) / rect.width) * bounds.width,
          bounds.y + ((event.clientY - rect.top) / rect.height) * bounds.height,
        );
      }}
    >
      {Object.entries(props.layout.groups).map(([id, r]) => (
        <rect key={id} x={r.x} y={r.y} width={r.width} height={r.height} className="topology-minimap-group" />
      ))}
      {props.model.nodes
        .filter((n) => n.health.level === 'failing')
        .map((n) => {
          const p = props.layout.positions[n.id];
          return p ? <circle key={n.id} cx={p.x} cy={p.y} r={4 / scale} className="topology-minimap-failing" /> : null;
        })}
      <rect {...viewport} className="topology-minimap-view" strokeWidth={2 / scale} />
    </svg>
  );
}
