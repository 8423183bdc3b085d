import { useEffect } from 'react';
import type { ViewId } from '../../shared/app';
import { api, isElectron } from '../api/client';
import { ContainersView } from '../features/containers/ContainersView';
import { DashboardView } from '../features/history/DashboardView';
import { KubernetesView } from '../features/kubernetes/KubernetesView';
import { OverviewView } from '../features/overview/OverviewView';
import { TopologyView } from '../features/topology/TopologyView';
import { startAppStore } from '../store/appStore';
import { CommandPalette, togglePalette } from './CommandPalette';
import { navigate, useNavigation } from './navigation';
import { NAV_ITEMS, Sidebar } from './Sidebar';
import { DefaultContextNotice } from '../features/kubernetes/setDefaultContext';
import { StatusBar } from './StatusBar';
import { isTyping } from '../components/isTyping';

const VIEWS: Record<ViewId, () => React.JSX.Element> = {
  overview: OverviewView,
  containers: ContainersView,
  kubernetes: KubernetesView,
  topology: TopologyView,
  dashboards: DashboardView,
};

/** Focuses the current view's filter box (`/`, Ctrl+F, or the menu's Find). */
function focusFilter(): void {
  document.querySelector<HTMLInputElement>('[data-filter]')?.focus();
}

export function App() {
  const view = useNavigation((s) => s.view);

  useEffect(() => {
    startAppStore();
    return api.subscribe('app.commands', {}, (command) => {
      if (command.type === 'navigate') navigate(command.view);
      else if (command.type === 'focus-filter') focusFilter();
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        togglePalette();
        return;
      }
      // Inside Electron the application menu owns Ctrl+1..4 and Ctrl+F.
      if (!isElectron && (event.ctrlKey || event.metaKey) && !event.altKey) {
        const item = NAV_ITEMS.find((i) => i.shortcut === event.key);
        if (item) {
          event.preventDefault();
          navigate(item.view);
          return;
        }
      }
      if (event.key === '/' && !isTyping(event.target)) {
        event.preventDefault();
        focusFilter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const View = VIEWS[view];
  const label = NAV_ITEMS.find((i) => i.view === view)?.label ?? 'Overview';
  useEffect(() => {
    document.title = `${label} · Berth`;
  }, [label]);

  return (
    <div className="app">
      <Sidebar />
      <main className="content" aria-label={label}>
        <View />
      </main>
      <StatusBar />
      <DefaultContextNotice />
      <CommandPalette />
    </div>
  );
}
