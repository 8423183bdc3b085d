import type { ViewId } from '../../shared/app';
import { openPalette } from './CommandPalette';
import { navigate, useNavigation } from './navigation';

export const NAV_ITEMS: Array<{ view: ViewId; label: string; icon: string; shortcut: string }> = [
  { view: 'overview', label: 'Overview', icon: '⌂', shortcut: '1' },
  { view: 'containers', label: 'Containers', icon: '▣', shortcut: '2' },
  { view: 'kubernetes', label: 'Kubernetes', icon: '☸', shortcut: '3' },
  { view: 'topology', label: 'Topology', icon: '⋈', shortcut: '4' },
  { view: 'dashboards', label: 'Dashboards', icon: '◔', shortcut: '5' },
];

export function Sidebar() {
  const current = useNavigation((s) => s.view);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        <span className="nav-label">Berth</span>
        <span className="brand-mark">B</span>
      </div>
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.view}>
            <a
              href={`#/${item.view}`}
              aria-current={current === item.view ? 'page' : undefined}
              title={`${item.label} (Ctrl+${item.shortcut})`}
              onClick={(event) => {
                event.preventDefault();
                navigate(item.view);
              }}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              <span className="nav-label">{item.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="palette-hint" onClick={openPalette} title="Command palette (Ctrl+K)">
        <span className="nav-label">Jump to…</span>
        <kbd>Ctrl K</kbd>
        <span className="nav-icon" aria-hidden="true">
          ⌕
        </span>
      </button>
    </nav>
  );
}
