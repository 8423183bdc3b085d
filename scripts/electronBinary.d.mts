export interface ElectronPackage {
  dir: string;
  version: string;
}

export type ElectronSource = 'ELECTRON_EXEC_PATH' | 'ELECTRON_OVERRIDE_DIST_PATH' | 'installer';

export type FoundElectron = { path: string; source: ElectronSource } | { missing: string; source: ElectronSource };

export function electronPackage(from?: string | URL): ElectronPackage;
export function executableInDist(platform?: NodeJS.Platform | 'mas'): string;
export function findElectron(pkg?: ElectronPackage, env?: NodeJS.ProcessEnv): FoundElectron;
